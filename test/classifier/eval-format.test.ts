import { describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../src/classifier/index.js';
import { checkBars, formatReport } from '../../src/cli/commands/eval.js';

const report: EvaluationReport = {
  queries: 155,
  inScope: 155,
  firstLineExpected: 0,
  top1GroupAccuracy: 0.916,
  top3GroupAccuracy: 1,
  macroF1: 0.95,
  firstLineRecall: Number.NaN,
  firstLinePrecision: 0,
  inScopeRejected: 0.077,
  calibrationError: 0.03,
  worstConfusions: [],
  latencyMs: { p50: 0.3, p90: 0.6, p99: 1, max: 2 },
};

describe('the eval report of a dataset without out-of-scope or general queries', () => {
  it('says n/a for first-line recall instead of NaN, and does not count it as below the bar', () => {
    const text = formatReport(report, {});
    expect(text).toContain('first line: recall     n/a');
    expect(text).not.toContain('NaN');
    expect(checkBars(report)).toEqual(['top-1 0.916 < 0.92', 'in-scope rejected 0.077 > 0.03']);
  });
});
