/**
 * Learning curve of the classifier: k-fold cross-validation where each training fold keeps only a fraction of
 * every intent's phrasings. Shows how accuracy grows with phrasings per intent, i.e. what more reviewed phrasings
 * buy. `--scored-at REV` scores only the held-out queries the knowledge base already had at git revision REV, so
 * that added phrasings are judged on a fixed set of queries written before them.
 * Progress on stderr; a Markdown table on stdout; JSON and an HTML chart in bench/results/.
 *
 *   npm run bench:learning-curve              (scored on the phrasings of 8da37a3, before they were tripled)
 *   npx tsx bench/learning-curve.ts [--folds 5] [--scored-at REV]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { IntentClassifier } from '../src/classifier/index.js';
import { evaluateWith, queriesOf, report, stratifiedFolds, type EvaluatedQuery } from '../src/classifier/evaluation.js';
import { loadConfig, packageRoot } from '../src/config/index.js';
import { loadKnowledgeBase } from '../src/knowledge-base/index.js';
import { loadRegistry } from '../src/registry/index.js';
import { settingsFor } from '../src/triage/index.js';
import { renderChartPage } from './chart.js';

const argument = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const k = Number(argument('--folds') ?? 5);
const scoredAt = argument('--scored-at');
const fractions = [0.125, 0.25, 0.5, 0.75, 1];

const config = loadConfig();
const knowledgeBase = await loadKnowledgeBase(config.knowledgeBaseDir, await loadRegistry(config.knowledgeBaseDir));
/** The example phrasings of the knowledge base's intent files at a git revision. */
function phrasingsAt(revision: string): Set<string> {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: packageRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const files = git('ls-tree', '--name-only', `${revision}:knowledge-base/intents`).split('\n').filter((name) => name.endsWith('.yaml'));
  return new Set(
    files.flatMap((name) => {
      const content = parseYaml(git('show', `${revision}:knowledge-base/intents/${name}`)) as { intents?: Array<{ examples?: string[] }> };
      return (content.intents ?? []).flatMap((intent) => intent.examples ?? []);
    }),
  );
}

const testTexts = scoredAt === undefined ? undefined : phrasingsAt(scoredAt);
const scoredLabel = scoredAt === undefined ? undefined : `the phrasings of ${scoredAt}`;
const settings = settingsFor(knowledgeBase);
const folds = stratifiedFolds(queriesOf(knowledgeBase.intents), k);

interface Point {
  readonly fraction: number;
  readonly phrasingsPerIntent: number;
  readonly top1: number;
  readonly top3: number;
  readonly firstLineRecall: number;
  readonly inScopeRejected: number;
  readonly scored: number;
}

const points: Point[] = [];
for (const fraction of fractions) {
  const results: EvaluatedQuery[] = [];
  let trained = 0;
  for (let f = 0; f < k; f++) {
    process.stderr.write(`\rfraction ${fraction}: fold ${f + 1}/${k}   `);
    const byIntent = new Map<string, Array<{ text: string; intent: string }>>();
    for (const query of folds.filter((_, i) => i !== f).flat()) {
      const list = byIntent.get(query.intent!) ?? [];
      list.push({ text: query.text, intent: query.intent! });
      byIntent.set(query.intent!, list);
    }
    // The folds are already shuffled per intent, so the first n of each intent are a random sample.
    const training = [...byIntent.values()].flatMap((list) => list.slice(0, Math.max(1, Math.round(list.length * fraction))));
    trained += training.length;
    const classifier = IntentClassifier.train(knowledgeBase.intents, settings, training);
    const test = testTexts === undefined ? folds[f]! : folds[f]!.filter((query) => testTexts.has(query.text));
    results.push(...evaluateWith(classifier, test));
  }
  const summary = report(results);
  points.push({
    fraction,
    phrasingsPerIntent: trained / k / knowledgeBase.intents.length,
    top1: summary.top1GroupAccuracy,
    top3: summary.top3GroupAccuracy,
    firstLineRecall: summary.firstLineRecall,
    inScopeRejected: summary.inScopeRejected,
    scored: summary.queries,
  });
}
process.stderr.write('\n');

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
console.log(`| training phrasings per intent | top-1 | top-3 | first-line recall | in scope rejected |`);
console.log(`|---|---|---|---|---|`);
for (const p of points) console.log(`| ${p.phrasingsPerIntent.toFixed(1)} | ${pct(p.top1)} | ${pct(p.top3)} | ${pct(p.firstLineRecall)} | ${pct(p.inScopeRejected)} |`);
console.log(`\n${points[0]!.scored} held-out queries scored per point${testTexts === undefined ? '' : ` (only ${scoredLabel})`}.`);

const outDir = path.join(packageRoot, 'bench', 'results');
mkdirSync(outDir, { recursive: true });
const examples = knowledgeBase.intents.reduce((n, intent) => n + intent.examples.length, 0);
writeFileSync(path.join(outDir, 'learning-curve.json'), `${JSON.stringify({ folds: k, examples, intents: knowledgeBase.intents.length, scored: scoredLabel ?? 'all', points }, null, 2)}\n`);
writeFileSync(
  path.join(outDir, 'learning-curve.html'),
  renderChartPage(`Learning curve (${k}-fold CV, ${examples} phrasings, ${knowledgeBase.intents.length} intents; scored: ${scoredLabel ?? 'all held-out phrasings'})`, [
    { title: 'Top-1 service accuracy by training phrasings per intent', unit: '%', bars: points.map((p) => ({ label: `${p.phrasingsPerIntent.toFixed(1)} phrasings per intent`, value: p.top1 * 100 })) },
    { title: 'First-line recall by training phrasings per intent', unit: '%', bars: points.map((p) => ({ label: `${p.phrasingsPerIntent.toFixed(1)} phrasings per intent`, value: p.firstLineRecall * 100 })) },
  ]),
);
process.stderr.write(`wrote bench/results/learning-curve.json and .html\n`);
