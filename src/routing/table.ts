import type { Handling, IntentKind } from '../knowledge-base/index.js';
import type { OpeningHours } from './hours.js';
import type { Finding } from './selection.js';

/** A condition on the citizen under which a unit's case goes to another owner (`requesterType = virksomhed`). */
export interface ConditionalOwner {
  readonly when: Readonly<Record<string, string | boolean>>;
  readonly caseOwner: string;
  readonly by: string;
}

/** Where one kontaktcenter's contacts go under a scenario. */
export interface UnitRoute {
  readonly unit: string;
  readonly group: string;
  /** The forvaltning that owns the case (second line). */
  readonly caseOwner: string;
  /** Who answers first: the unit itself, another unit, or `en-indgang`. */
  readonly firstLine: string;
  /** When the unit is merged into another service, that service's units serve its citizens. */
  readonly servedBy: string | null;
  readonly conditional: readonly ConditionalOwner[];
  /** The variant and greb that changed this unit, for explanations. */
  readonly changedBy: readonly string[];
}

/** A task (an intent) that has its own owner under the scenario. */
export interface TaskRoute {
  readonly intent: string;
  readonly caseOwner: string;
  /** The service whose queue takes the task; null keeps the intent's own service. */
  readonly group: string | null;
  readonly by: string;
}

export interface ActiveAgeRule {
  readonly id: string;
  readonly title: string;
  readonly threshold: number;
  readonly fromThreshold: string;
  readonly belowThreshold: string;
  readonly groups: ReadonlySet<string>;
  readonly intents: ReadonlySet<string>;
  readonly exempt: ReadonlySet<string>;
}

/** A scenario compiled for routing: everything the pure decision function needs, and nothing else. */
export interface RoutingTable {
  readonly scenario: string;
  readonly name: string;
  readonly file: string;
  readonly variant: string;
  readonly greb: readonly string[];
  readonly operator: { readonly id: string; readonly forvaltning: string } | null;
  readonly units: ReadonlyMap<string, UnitRoute>;
  /** Units per service, in registry order. */
  readonly groups: ReadonlyMap<string, readonly string[]>;
  readonly tasks: ReadonlyMap<string, TaskRoute>;
  readonly ageRules: readonly ActiveAgeRule[];
  readonly impliedFacts: ReadonlyMap<string, Readonly<Record<string, string | boolean>>>;
  /** service → bydel → unit, for services whose units are split by area. */
  readonly areas: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly topicsWithoutEntry: ReadonlyArray<{ readonly topic: string; readonly to: string; readonly by: string }>;
  readonly hours: OpeningHours;
  /** The first line for a query that no service takes (out of scope, unsure, "a person, please"). */
  readonly generalFirstLine: string;
  /** Each intent's normal handling and kind, from the knowledge base. */
  readonly intents: ReadonlyMap<string, { readonly handling: Handling; readonly kind: IntentKind; readonly group: string | null }>;
  readonly warnings: readonly Finding[];
}
