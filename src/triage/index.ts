export { Triage } from './triage.js';
export type { TriageResult, GivenCitizenFacts, TriageLoadOptions } from './triage.js';
export { classifierSettings, settingsFor } from './settings.js';
