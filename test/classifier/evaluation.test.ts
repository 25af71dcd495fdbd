import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { crossValidate, evaluateWith, report, type LabelledQuery } from '../../src/classifier/index.js';
import { loadConfig, packageRoot } from '../../src/config/index.js';
import { GENERAL_GROUP, loadKnowledgeBase, type KnowledgeBase } from '../../src/knowledge-base/index.js';
import { loadRegistry, type KontaktcenterRegistry } from '../../src/registry/index.js';
import { Triage, settingsFor } from '../../src/triage/index.js';

/**
 * The quick evaluation CI runs. Two measurements, each with the floor it must not drop below:
 * - the independent set (test/data, written without sight of the knowledge base) at the bars for
 *   top-3, first-line recall and in-scope rejection, and above its bar for top-1 (it meets all four);
 * - 3-fold cross-validation on the knowledge base at today's level (it does not yet meet the bars;
 *   see BENCHMARKS.md), so that a change which makes the classifier worse turns CI red.
 */
const dir = loadConfig({}).knowledgeBaseDir;
let registry: KontaktcenterRegistry;
let knowledgeBase: KnowledgeBase;
beforeAll(async () => {
  registry = await loadRegistry(dir);
  knowledgeBase = await loadKnowledgeBase(dir, registry);
});

function independentSet(): LabelledQuery[] {
  return readFileSync(path.join(packageRoot, 'test', 'data', 'independent-queries.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { text: string; group: string | null; kind: string })
    .map((q) =>
      q.kind === 'general'
        ? { text: q.text, group: GENERAL_GROUP, kind: 'general' as const }
        : q.kind === 'out-of-scope'
          ? { text: q.text, group: null, kind: 'out-of-scope' as const }
          : { text: q.text, group: q.group, kind: 'service' as const },
    );
}

describe('quick evaluation (CI)', () => {
  it('independent held-out queries: top-1 ≥ 95 %, top-3 ≥ 98 %, first-line recall ≥ 90 %, in scope sent to first line ≤ 3 %', async () => {
    const triage = await Triage.load(dir, registry);
    const result = report(evaluateWith(triage.classifier, independentSet()));
    // Measured 2026-12-01 (19,494 phrasings, glossary, stop-word features): top-1 97.9 %, top-3 100 %, recall 92.0 %,
    // rejected 0 %.
    expect(result.top1GroupAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(result.top3GroupAccuracy).toBeGreaterThanOrEqual(0.98);
    expect(result.firstLineRecall).toBeGreaterThanOrEqual(0.9);
    expect(result.inScopeRejected).toBeLessThanOrEqual(0.03);
  });

  it('3-fold cross-validation on the knowledge base stays at its measured level', () => {
    const result = report(crossValidate(knowledgeBase.intents, settingsFor(knowledgeBase), 3));
    // Measured 2026-12-01 (seeded folds, 19,494 phrasings, stop-word features, alternatives from part and whole):
    // top-1 86.1 %, top-3 97.7 %, recall 88.4 %, rejected 3.3 %. Floors about a point below, so that a regression
    // fails and noise does not.
    expect(result.top1GroupAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(result.top3GroupAccuracy).toBeGreaterThanOrEqual(0.97);
    expect(result.firstLineRecall).toBeGreaterThanOrEqual(0.87);
    expect(result.inScopeRejected).toBeLessThanOrEqual(0.04);
  }, 120_000);
});
