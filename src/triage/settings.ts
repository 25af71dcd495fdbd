import { defaultClassifierSettings, type ClassifierSettings } from '../classifier/index.js';
import type { KnowledgeBase } from '../knowledge-base/index.js';

/**
 * The settings the service runs with. The temperature and thresholds are chosen with
 * `en-indgang eval --cv 5` on the knowledge base (see BENCHMARKS.md); change them only with a new run.
 */
export const classifierSettings: ClassifierSettings = {
  ...defaultClassifierSettings,
  // Fitted on out-of-fold logits of 5-fold cross-validation (minimum negative log-likelihood), 2026-12-01.
  temperature: 0.65,
  // Thresholds chosen on 5-fold CV over 19,494 phrasings with the stop-word features (42 triples of temperature,
  // min confidence and first-line mass, EXPERIMENTS.md): the pair that keeps first-line recall ≥ 90 % with at most
  // 3 % of in-scope queries rejected, over all phrasings (90.2 % / 2.9 %; 0.15 / 0.2 gives 89.5 % / 2.6 %).
  minConfidence: 0.15,
  firstLineConfidence: 0.175,
  // With about 96 phrasings per intent, 5 epochs are as accurate as 10 (5-fold CV top-1 85.7 % against 85.4 %,
  // 2026-12-01) and train in half the time.
  // L2 5e-4 with the stop-word features (more, weaker features): top-1 87.3 % against 86.9 % at 1e-3, for seeds 7 and 8.
  training: { ...defaultClassifierSettings.training, epochs: 5, l2: 5e-4 },
};

/** Settings with the knowledge base's own vocabulary (its glossary's translations) in the features. */
export function settingsFor(knowledgeBase: KnowledgeBase, settings: ClassifierSettings = classifierSettings): ClassifierSettings {
  if (Object.keys(knowledgeBase.glossary).length === 0) return settings;
  return { ...settings, features: { ...settings.features, translations: knowledgeBase.glossary } };
}
