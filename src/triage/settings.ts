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
  // Thresholds chosen on 5-fold CV over 19,494 phrasings (12 pairs, EXPERIMENTS.md): on the original 4,888 they give
  // first-line recall 90.7 % with 2.8 % of in-scope queries rejected (0.2 / 0.3: 89.4 % / 2.2 %).
  minConfidence: 0.15,
  firstLineConfidence: 0.2,
  // With about 96 phrasings per intent, 5 epochs are as accurate as 10 (5-fold CV top-1 85.7 % against 85.4 %,
  // 2026-12-01) and train in half the time.
  training: { ...defaultClassifierSettings.training, epochs: 5 },
};

/** Settings with the knowledge base's own vocabulary (its glossary's translations) in the features. */
export function settingsFor(knowledgeBase: KnowledgeBase, settings: ClassifierSettings = classifierSettings): ClassifierSettings {
  if (Object.keys(knowledgeBase.glossary).length === 0) return settings;
  return { ...settings, features: { ...settings.features, translations: knowledgeBase.glossary } };
}
