export { IntentClassifier, defaultClassifierSettings } from './classifier.js';
export type { Classification, ClassifierSettings, GroupScore, IntentScore, Need, Outcome, Prediction } from './classifier.js';
export { FactsReader } from './facts.js';
export type { FactsFromText, BydelData } from './facts.js';
export { splitSegments } from './segment.js';
export { extractFeatures } from './features.js';
export { normalizeText, tokenize, stem, foldDanish } from './text.js';
export { crossValidate, evaluateWith, fitTemperature, report, queriesOf, routedTo, FIRST_LINE } from './evaluation.js';
export type { EvaluatedQuery, EvaluationReport, LabelledQuery } from './evaluation.js';
