import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { crossValidate, evaluateWith, fitTemperature, report, type EvaluationReport, type LabelledQuery } from '../../classifier/index.js';
import { loadConfig } from '../../config/index.js';
import { GENERAL_GROUP, loadKnowledgeBase } from '../../knowledge-base/index.js';
import { loadRegistry } from '../../registry/index.js';
import { Triage, classifierSettings, settingsFor } from '../../triage/index.js';
import { exitWithError } from '../errors.js';

/** The acceptance bars of the classifier (issue #3). `--check` fails when a figure is below its bar. */
export const bars = { top1GroupAccuracy: 0.92, top3GroupAccuracy: 0.98, firstLineRecall: 0.9, inScopeRejectedMax: 0.03 } as const;

const datasetLine = z.object({
  text: z.string().min(1),
  group: z.string().nullable(),
  kind: z.enum(['in-scope', 'general', 'out-of-scope', 'multi']),
});

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('measure the classifier: cross-validation on the knowledge base, or a labelled dataset')
    .option('--dataset <file>', 'JSON lines {text, group, kind}; the model trains on the whole knowledge base')
    .option('--cv <k>', 'k-fold cross-validation on the knowledge base (default 5 without --dataset)')
    .option('--json', 'print the report as JSON')
    .option('--check', 'exit 1 when a figure is below the acceptance bar')
    .option('--temperature <t>', 'try another softmax temperature (tuning)')
    .option('--min-confidence <p>', 'try another first-line threshold (tuning)')
    .action(async (options: { dataset?: string; cv?: string; json?: boolean; check?: boolean; temperature?: string; minConfidence?: string }) => {
      try {
        const settings = {
          ...classifierSettings,
          ...(options.temperature === undefined ? {} : { temperature: Number(options.temperature) }),
          ...(options.minConfidence === undefined ? {} : { minConfidence: Number(options.minConfidence) }),
        };
        const config = loadConfig();
        const registry = await loadRegistry(config.knowledgeBaseDir);
        let result: EvaluationReport;
        let extra: Record<string, unknown> = {};
        if (options.dataset !== undefined) {
          const triage = await Triage.load(config.knowledgeBaseDir, registry, { settings });
          const queries = await readDataset(options.dataset);
          result = report(evaluateWith(triage.classifier, queries));
          extra = { dataset: options.dataset, trainingMs: Math.round(triage.classifier.trainingMs) };
        } else {
          const k = Number(options.cv ?? 5);
          if (!Number.isInteger(k) || k < 2) throw new Error(`--cv: expected an integer of 2 or more (got ${options.cv})`);
          const knowledgeBase = await loadKnowledgeBase(config.knowledgeBaseDir, registry);
          const results = crossValidate(knowledgeBase.intents, settingsFor(knowledgeBase, settings), k, (fold, of) => process.stderr.write(`\rfold ${fold}/${of}`));
          process.stderr.write('\n');
          result = report(results);
          extra = { crossValidation: k, examples: knowledgeBase.exampleCount, intents: knowledgeBase.intents.length, fittedTemperature: fitTemperature(results) };
        }
        if (options.json) process.stdout.write(`${JSON.stringify({ ...extra, ...result })}\n`);
        else process.stdout.write(formatReport(result, extra));
        if (options.check) {
          const failures = checkBars(result);
          if (failures.length > 0) {
            process.stderr.write(`below the bar: ${failures.join('; ')}\n`);
            process.exit(1);
          }
        }
      } catch (error) {
        exitWithError(error);
      }
    });
}

export function checkBars(result: EvaluationReport): string[] {
  const failures: string[] = [];
  if (result.top1GroupAccuracy < bars.top1GroupAccuracy) failures.push(`top-1 ${result.top1GroupAccuracy.toFixed(3)} < ${bars.top1GroupAccuracy}`);
  if (result.top3GroupAccuracy < bars.top3GroupAccuracy) failures.push(`top-3 ${result.top3GroupAccuracy.toFixed(3)} < ${bars.top3GroupAccuracy}`);
  if (result.firstLineRecall < bars.firstLineRecall) failures.push(`first-line recall ${result.firstLineRecall.toFixed(3)} < ${bars.firstLineRecall}`);
  if (result.inScopeRejected > bars.inScopeRejectedMax) failures.push(`in-scope rejected ${result.inScopeRejected.toFixed(3)} > ${bars.inScopeRejectedMax}`);
  return failures;
}

async function readDataset(file: string): Promise<LabelledQuery[]> {
  const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line.trim() !== '');
  return lines.map((line, index) => {
    const parsed = datasetLine.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${file}:${index + 1}: ${parsed.error.issues[0]?.message}`);
    const { text, group, kind } = parsed.data;
    // A multi-need message is scored on its first need; general queries belong to first line.
    const mapped = kind === 'general' ? 'general' : kind === 'out-of-scope' ? 'out-of-scope' : 'service';
    return { text, group: mapped === 'general' ? GENERAL_GROUP : group, kind: mapped } satisfies LabelledQuery;
  });
}

// NaN: the dataset holds no query of that kind (a set of in-scope queries has no first-line recall).
const pct = (value: number) => (Number.isNaN(value) ? 'n/a' : `${(value * 100).toFixed(1)} %`);

export function formatReport(r: EvaluationReport, extra: Record<string, unknown>): string {
  const lines = [
    `queries ${r.queries} (in scope ${r.inScope}, out-of-scope/general ${r.firstLineExpected})${Object.keys(extra).length ? `  ${JSON.stringify(extra)}` : ''}`,
    `top-1 group accuracy   ${pct(r.top1GroupAccuracy)}   (bar ${pct(bars.top1GroupAccuracy)})`,
    `top-3 group accuracy   ${pct(r.top3GroupAccuracy)}   (bar ${pct(bars.top3GroupAccuracy)})`,
    `macro-F1               ${r.macroF1.toFixed(3)}`,
    `first line: recall     ${pct(r.firstLineRecall)}   (bar ${pct(bars.firstLineRecall)}), precision ${pct(r.firstLinePrecision)}`,
    `in scope sent to first line ${pct(r.inScopeRejected)}   (bar ≤ ${pct(bars.inScopeRejectedMax)})`,
    `calibration error (ECE) ${r.calibrationError.toFixed(3)}`,
    `latency per query      p50 ${r.latencyMs.p50.toFixed(3)} ms, p90 ${r.latencyMs.p90.toFixed(3)} ms, p99 ${r.latencyMs.p99.toFixed(3)} ms, max ${r.latencyMs.max.toFixed(3)} ms`,
    'worst confusions (expected → got: count):',
    ...r.worstConfusions.map((c) => `  ${c.expected} → ${c.predicted}: ${c.count}`),
  ];
  return `${lines.join('\n')}\n`;
}
