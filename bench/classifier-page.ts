import { renderChartPage } from './chart.js';

export interface ClassifierBenchSummary {
  readonly folds: number;
  readonly examples: number;
  readonly results: ReadonlyArray<{ engine: string; groupAccuracy: number; p99Ms: number; queriesPerSecond: number; trainMsPerFold: number }>;
}

/** The classifier benchmark as a page of bar charts. */
export function classifierCharts(summary: ClassifierBenchSummary): string {
  const { results } = summary;
  return renderChartPage(`Classifier benchmark (${summary.folds}-fold CV, ${summary.examples} examples)`, [
    { title: 'Group accuracy (held-out)', unit: '%', bars: results.map((r) => ({ label: r.engine, value: r.groupAccuracy * 100 })) },
    { title: 'Latency p99 per query', unit: 'ms', bars: results.map((r) => ({ label: r.engine, value: r.p99Ms })) },
    { title: 'Throughput', unit: 'queries/s', bars: results.map((r) => ({ label: r.engine, value: r.queriesPerSecond })) },
    { title: 'Training time per fold', unit: 's', bars: results.map((r) => ({ label: r.engine, value: r.trainMsPerFold / 1000 })) },
  ]);
}
