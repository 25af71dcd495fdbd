export { Triage } from './triage.js';
export type { TriageResult, GivenCitizenFacts } from './triage.js';
export { classifierSettings } from './settings.js';
