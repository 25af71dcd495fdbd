export { ScenarioCatalog, BASELINE_SCENARIO } from './catalog.js';
export { compileScenario, compileOrThrow, ScenarioInvalidError } from './compile.js';
export { decide } from './decide.js';
export type { CitizenFacts, RoutingDecision, Offer } from './decide.js';
export { diffTables } from './diff.js';
export type { TableDiff, UnitChange } from './diff.js';
export { loadRoutingRules, RoutingRulesError } from './load.js';
export type { RoutingRules } from './load.js';
export { OpeningHours } from './hours.js';
export type { Finding } from './selection.js';
export type { RoutingTable, UnitRoute, TaskRoute } from './table.js';

/** The first-line operator of the Én Indgang variants (not a registry entry). */
export const EN_INDGANG = 'en-indgang';
export { ActiveScenario, SWITCH_ACTION } from './active-scenario.js';
export type { ActiveState } from './active-scenario.js';
export { ScenarioSync, SCENARIO_CHANNEL } from './scenario-sync.js';
