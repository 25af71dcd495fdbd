import { defaultClassifierSettings, type ClassifierSettings } from '../classifier/index.js';

/**
 * The settings the service runs with. The temperature and thresholds are chosen with
 * `en-indgang eval --cv 5` on the knowledge base (see BENCHMARKS.md); change them only with a new run.
 */
export const classifierSettings: ClassifierSettings = {
  ...defaultClassifierSettings,
  // Fitted on out-of-fold logits of 5-fold cross-validation (minimum negative log-likelihood), 2026-12-01.
  temperature: 0.65,
  minConfidence: 0.2,
};
