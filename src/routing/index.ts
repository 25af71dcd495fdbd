export { decideBaseline, EN_INDGANG } from './baseline.js';
export type { RoutingDecision, CitizenFacts } from './baseline.js';
