import type { Classification } from '../classifier/index.js';
import type { FactsFromText } from '../classifier/index.js';
import { GENERAL_GROUP, type Handling, type KnowledgeBase } from '../knowledge-base/index.js';
import type { KontaktcenterRegistry } from '../registry/index.js';

export const EN_INDGANG = 'en-indgang';

/** What the citizen has told us, from the request and from the text (the request wins). */
export interface CitizenFacts extends FactsFromText {}

export interface RoutingDecision {
  readonly group: string | null;
  readonly kontaktcenter: string | null;
  readonly forvaltning: string | null;
  readonly firstLine: string | null;
  readonly handling: Handling;
  /** Facts the routing still needs; while any is missing nothing is queued on a guess. */
  readonly missing: readonly string[];
  readonly reasons: readonly string[];
}

/**
 * The 2024 routing as the registry describes it (scenario `baseline-2024`): the case-owning forvaltning is the
 * unit's, first line is the unit itself or Københavns Kontaktcenter where it answers the unit's calls.
 * Scenario-specific rules (age limits, Én Indgang variants, ressort greb) come with the routing rules.
 */
export function decideBaseline(classification: Classification, facts: CitizenFacts, registry: KontaktcenterRegistry, knowledgeBase: KnowledgeBase): RoutingDecision {
  const reasons: string[] = [];
  if (classification.outcome !== 'matched' || classification.group === null) {
    reasons.push(
      classification.outcome === 'out-of-scope'
        ? 'not a matter for the kommune: first-line personal service explains where to go'
        : `no service is likely enough (best ${classification.confidence.toFixed(2)}): first-line personal service`,
    );
    return { group: null, kontaktcenter: null, forvaltning: null, firstLine: GENERAL_GROUP, handling: 'viderestilling', missing: [], reasons };
  }
  const group = classification.group;
  const units = registry.unitsOf(group);
  const missing: string[] = [];
  const baselineRules = units.flatMap((unit) => unit.rules ?? []).filter((rule) => rule.scenarios === null);
  if (baselineRules.some((rule) => rule.attribute === 'citizenAge') && facts.age === undefined) {
    missing.push('age');
    reasons.push(`${group}: who owns the case depends on the citizen's age`);
  }
  if (units.length > 1 && facts.bydel === undefined) {
    missing.push('bydel');
    reasons.push(`${group} has ${units.length} units by area: the bydel decides which`);
  }
  const unit = units.length === 1 ? units[0]! : undefined;
  const firstLine = unit === undefined ? null : (unit.answeredBy2024 ?? unit.id);
  if (unit?.answeredBy2024) reasons.push(`${unit.id}: calls are answered by ${unit.answeredBy2024} in 2024`);

  const primaryIntent = knowledgeBase.intent(classification.needs[0]?.intent ?? '');
  let handling: Handling = primaryIntent?.handling ?? 'viderestilling';
  // An explicit wish for a person overrides the bot (seed dialogue 2: "Jeg vil gerne snakke med en …").
  if (classification.needs.some((need) => need.kind === 'general')) {
    handling = 'viderestilling';
    reasons.push('the citizen asks for a person');
  }
  return { group, kontaktcenter: unit?.id ?? null, forvaltning: units[0]?.forvaltning ?? null, firstLine, handling, missing, reasons };
}
