import { GENERAL_GROUP, type Intent, type IntentKind } from '../knowledge-base/index.js';
import { IntentClassifier, type ClassifierSettings, type Classification } from './classifier.js';
import { seededRandom, softmaxInPlace } from './softmax.js';

/** One query with the answer it should get. */
export interface LabelledQuery {
  readonly text: string;
  /** The expected service; null for out of scope. */
  readonly group: string | null;
  readonly kind: IntentKind;
  readonly intent?: string;
}

export interface EvaluatedQuery extends LabelledQuery {
  readonly classification: Classification;
  /** Out-of-fold service logits of the fold's model, with the services in their order (for calibration). */
  readonly logits?: Float64Array;
  readonly groupIds?: ReadonlyArray<string | null>;
  readonly latencyMs: number;
}

export interface EvaluationReport {
  readonly queries: number;
  readonly inScope: number;
  readonly firstLineExpected: number;
  readonly top1GroupAccuracy: number;
  readonly top3GroupAccuracy: number;
  readonly macroF1: number;
  /** Of the out-of-scope and general queries, the share sent to first-line personal service. */
  readonly firstLineRecall: number;
  /** Of the queries sent to first line, the share that belonged there. */
  readonly firstLinePrecision: number;
  /** Of the in-scope queries, the share wrongly sent to first line. */
  readonly inScopeRejected: number;
  /** Expected calibration error of the confidence of in-scope answers (10 bins). */
  readonly calibrationError: number;
  readonly worstConfusions: ReadonlyArray<{ expected: string; predicted: string; count: number }>;
  readonly latencyMs: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number };
}

export const FIRST_LINE = 'first-line';

/** Where a classification sends the citizen, as a label comparable with the expected group. */
export function routedTo(classification: Classification): string {
  if (classification.outcome !== 'matched' || classification.group === GENERAL_GROUP) return FIRST_LINE;
  return classification.group ?? FIRST_LINE;
}

function expectedLabel(query: LabelledQuery): string {
  return query.kind === 'service' && query.group !== null ? query.group : FIRST_LINE;
}

export function queriesOf(intents: readonly Intent[]): LabelledQuery[] {
  return intents.flatMap((intent) => intent.examples.map((text) => ({ text, group: intent.group, kind: intent.kind, intent: intent.id })));
}

/** Stratified k folds: every intent's examples are spread evenly, in a seeded random order. */
export function stratifiedFolds<T extends { intent?: string }>(items: readonly T[], k: number, seed = 11): T[][] {
  const random = seededRandom(seed);
  const byIntent = new Map<string, T[]>();
  for (const item of items) {
    const key = item.intent ?? '';
    byIntent.set(key, [...(byIntent.get(key) ?? []), item]);
  }
  const folds: T[][] = Array.from({ length: k }, () => []);
  let offset = 0;
  for (const group of byIntent.values()) {
    const shuffled = [...group];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    shuffled.forEach((item, i) => folds[(i + offset) % k]!.push(item));
    offset += shuffled.length;
  }
  return folds;
}

/**
 * k-fold cross-validation on the knowledge base: each example is classified by a model that never saw it.
 * `onFold` reports progress (folds take a second or so each).
 */
export function crossValidate(
  intents: readonly Intent[],
  settings: ClassifierSettings,
  k: number,
  onFold?: (fold: number, of: number) => void,
): EvaluatedQuery[] {
  const folds = stratifiedFolds(queriesOf(intents), k);
  const results: EvaluatedQuery[] = [];
  folds.forEach((test, index) => {
    onFold?.(index + 1, k);
    const training = folds.filter((_, i) => i !== index).flat();
    const classifier = IntentClassifier.train(
      intents,
      settings,
      training.map((q) => ({ text: q.text, intent: q.intent! })),
    );
    results.push(...evaluateWith(classifier, test, true));
  });
  return results;
}

export function evaluateWith(classifier: IntentClassifier, queries: readonly LabelledQuery[], keepLogits = false): EvaluatedQuery[] {
  const groupIds = classifier.groupIds;
  return queries.map((query) => {
    const started = performance.now();
    const classification = classifier.classify(query.text);
    const latencyMs = performance.now() - started;
    return { ...query, classification, latencyMs, ...(keepLogits ? { logits: classifier.groupLogits(query.text), groupIds } : {}) };
  });
}

/** The temperature that minimises the negative log-likelihood of the true services (grid search). */
export function fitTemperature(results: readonly EvaluatedQuery[]): number {
  let best = { temperature: 1, loss: Infinity };
  for (let t = 0.2; t <= 4.001; t += 0.05) {
    let loss = 0;
    let n = 0;
    for (const r of results) {
      if (!r.logits || !r.groupIds) continue;
      const index = r.groupIds.indexOf(r.group);
      if (index < 0) continue;
      const p = softmaxInPlace(Float64Array.from(r.logits), t)[index]!;
      loss -= Math.log(Math.max(p, 1e-12));
      n++;
    }
    if (n > 0 && loss / n < best.loss) best = { temperature: Number(t.toFixed(2)), loss: loss / n };
  }
  return best.temperature;
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

export function report(results: readonly EvaluatedQuery[]): EvaluationReport {
  const inScope = results.filter((r) => r.kind === 'service');
  const firstLineExpected = results.filter((r) => r.kind !== 'service');
  const routed = results.map((r) => ({ expected: expectedLabel(r), predicted: routedTo(r.classification), r }));

  const top1 = inScope.filter((r) => routedTo(r.classification) === r.group).length;
  const top3 = inScope.filter((r) => {
    const ranked = [r.classification.group, ...r.classification.alternatives.map((a) => a.group)].filter((g): g is string => g !== null);
    return r.group !== null && ranked.slice(0, 3).includes(r.group);
  }).length;

  const labels = new Set(routed.flatMap((x) => [x.expected, x.predicted]));
  let f1Sum = 0;
  let f1Count = 0;
  for (const label of labels) {
    const tp = routed.filter((x) => x.expected === label && x.predicted === label).length;
    const fp = routed.filter((x) => x.expected !== label && x.predicted === label).length;
    const fn = routed.filter((x) => x.expected === label && x.predicted !== label).length;
    if (tp + fn === 0) continue; // a label nobody should get does not count towards the average
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp / (tp + fn);
    f1Sum += precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    f1Count++;
  }

  const sentToFirstLine = routed.filter((x) => x.predicted === FIRST_LINE);
  const confusions = new Map<string, number>();
  for (const x of routed) {
    if (x.expected === x.predicted) continue;
    const key = `${x.expected} → ${x.predicted}`;
    confusions.set(key, (confusions.get(key) ?? 0) + 1);
  }

  // Calibration: in 10 confidence bins, |accuracy − mean confidence| weighted by the bin's share.
  let calibrationError = 0;
  for (let bin = 0; bin < 10; bin++) {
    const members = inScope.filter((r) => Math.min(9, Math.floor(r.classification.confidence * 10)) === bin);
    if (members.length === 0) continue;
    const accuracy = members.filter((r) => r.classification.group === r.group).length / members.length;
    const confidence = members.reduce((s, r) => s + r.classification.confidence, 0) / members.length;
    calibrationError += (members.length / inScope.length) * Math.abs(accuracy - confidence);
  }

  const latencies = results.map((r) => r.latencyMs).sort((a, b) => a - b);
  return {
    queries: results.length,
    inScope: inScope.length,
    firstLineExpected: firstLineExpected.length,
    top1GroupAccuracy: inScope.length ? top1 / inScope.length : NaN,
    top3GroupAccuracy: inScope.length ? top3 / inScope.length : NaN,
    macroF1: f1Count ? f1Sum / f1Count : NaN,
    firstLineRecall: firstLineExpected.length ? firstLineExpected.filter((r) => routedTo(r.classification) === FIRST_LINE).length / firstLineExpected.length : NaN,
    firstLinePrecision: sentToFirstLine.length ? sentToFirstLine.filter((x) => x.expected === FIRST_LINE).length / sentToFirstLine.length : NaN,
    inScopeRejected: inScope.length ? inScope.filter((r) => routedTo(r.classification) === FIRST_LINE).length / inScope.length : NaN,
    calibrationError,
    worstConfusions: [...confusions.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([pair, count]) => {
        const [expected, predicted] = pair.split(' → ') as [string, string];
        return { expected, predicted, count };
      }),
    latencyMs: { p50: percentile(latencies, 0.5), p90: percentile(latencies, 0.9), p99: percentile(latencies, 0.99), max: latencies.at(-1) ?? NaN },
  };
}
