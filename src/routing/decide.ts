import type { Classification, FactsFromText } from '../classifier/index.js';
import { GENERAL_GROUP, type Handling } from '../knowledge-base/index.js';
import type { RoutingTable, UnitRoute } from './table.js';

/** What the citizen has told us, from the request and from the text (the request wins). */
export interface CitizenFacts extends FactsFromText {
  requesterType?: 'borger' | 'virksomhed';
  /** Known only from the citizen's case after MitID login (SCENARIOS.md §3.5). */
  longBenefitSeniority?: boolean;
  aktivitetsparat?: boolean;
}

export type Offer = 'digital-answer' | 'tidsbestilling' | 'call-back';

export interface RoutingDecision {
  readonly scenario: string;
  /** The service that handles the primary need; null for first-line personal service. */
  readonly group: string | null;
  /** The unit when it can be decided; null for a family of units whose area is unknown. */
  readonly kontaktcenter: string | null;
  /** The case-owning forvaltning under the scenario. */
  readonly forvaltning: string | null;
  /** Who answers first line: a unit id or `en-indgang`. */
  readonly firstLine: string | null;
  readonly handling: Handling;
  /** The queue to wait in: `<firstLine>/<unit or service>`; null when nothing is queued (a fact is missing, bot answer, closed). */
  readonly queue: string | null;
  /** Facts the routing still needs; while one is missing nothing is queued on a guess. */
  readonly missing: readonly string[];
  /** Whether the first line answers in person now. */
  readonly open: boolean;
  readonly opensAt: string | null;
  /** Outside opening hours: what the citizen is offered instead of a closed queue. */
  readonly offers: readonly Offer[];
  readonly reasons: readonly string[];
}

/** Facts that only a case look-up can tell: the bot cannot ask for them, MitID login finds them. */
const CASE_FACTS = new Set(['longBenefitSeniority', 'aktivitetsparat']);

function factValue(facts: CitizenFacts, implied: Readonly<Record<string, string | boolean>> | undefined, name: string): string | boolean | undefined {
  const given = (facts as Record<string, unknown>)[name];
  if (typeof given === 'string' || typeof given === 'boolean') return given;
  return implied?.[name];
}

/**
 * The routing decision: a pure function of the classification, the citizen's facts, the compiled scenario and
 * the time. No I/O; every step leaves a reason so that an agent or a test can see why.
 */
export function decide(classification: Classification, facts: CitizenFacts, table: RoutingTable, at: Date): RoutingDecision {
  const reasons: string[] = [];
  const missing: string[] = [];
  const primary = classification.needs[0];
  const wantsPerson = classification.needs.some((need) => need.kind === 'general');

  if (classification.outcome !== 'matched' || classification.group === null || primary === undefined) {
    reasons.push(
      classification.outcome === 'out-of-scope'
        ? 'not a matter for the kommune: first-line personal service explains where to go'
        : `no service is likely enough (best ${classification.confidence.toFixed(2)}): first-line personal service`,
    );
    return finish(table, at, { group: null, unit: null, forvaltning: null, firstLine: table.generalFirstLine, handling: 'viderestilling', missing, reasons, queueKey: 'general', hasAnswer: false });
  }

  const intent = primary.intent;
  const implied = table.impliedFacts.get(intent);
  let group = classification.group;
  if (group === GENERAL_GROUP) reasons.push('a general request: Københavns Kontaktcenter, the first-line personal service');

  // 1. Citizen rules by age (hjemme- og sygepleje, visitation, hjælpemidler).
  for (const rule of table.ageRules) {
    if (rule.exempt.has(intent) || !(rule.intents.has(intent) || rule.groups.has(group))) continue;
    if (facts.age === undefined) {
      missing.push('age');
      reasons.push(`${rule.title}: ${rule.fromThreshold} from ${rule.threshold}, ${rule.belowThreshold} under — the age decides`);
    } else {
      const target = facts.age >= rule.threshold ? rule.fromThreshold : rule.belowThreshold;
      if (target !== group) reasons.push(`${rule.title}: age ${facts.age} → ${target} (not ${group})`);
      else reasons.push(`${rule.title}: age ${facts.age} → ${target}`);
      group = target;
    }
    break;
  }

  // 2. A task with its own owner under the scenario (more specific than the unit).
  const task = table.tasks.get(intent);
  if (task?.group && task.group !== group) {
    reasons.push(`${intent} is handled by ${task.group} under ${task.by}`);
    group = task.group;
  }

  // 3. A unit merged into another service is served by that service's units.
  const memberIds = table.groups.get(group) ?? [];
  const merged = memberIds.length > 0 ? table.units.get(memberIds[0]!)!.servedBy : null;
  if (merged) {
    reasons.push(`${group} is merged into ${merged}`);
    group = merged;
  }

  // 4. The unit: one, or one of a family by area.
  const members = (table.groups.get(group) ?? []).map((id) => table.units.get(id)!);
  let unit: UnitRoute | undefined = members.length === 1 ? members[0] : undefined;
  if (members.length > 1) {
    const byBydel = table.areas.get(group);
    if (byBydel) {
      const candidates = facts.bydel !== undefined ? [facts.bydel] : (facts.bydelCandidates ?? []);
      const areaUnits = new Set(candidates.map((b) => byBydel.get(b)).filter((u): u is string => u !== undefined));
      if (areaUnits.size === 1) {
        unit = table.units.get([...areaUnits][0]!);
        reasons.push(`${group} has ${members.length} units by area: ${candidates.join('/')} → ${unit!.unit}`);
      } else {
        missing.push('bydel');
        reasons.push(`${group} has ${members.length} units by area: the bydel decides which (shared queue until then)`);
      }
    } else {
      reasons.push(`${group} has ${members.length} units that share one queue`);
    }
  }
  const route = unit ?? members[0];
  if (!route) {
    reasons.push(`no unit serves ${group}: first-line personal service`);
    return finish(table, at, { group: null, unit: null, forvaltning: null, firstLine: table.generalFirstLine, handling: 'viderestilling', missing, reasons, queueKey: 'general', hasAnswer: false });
  }

  // 5. The case owner: the task's, else the unit's, unless a condition on the citizen moves it.
  let forvaltning = task?.caseOwner ?? route.caseOwner;
  if (task) reasons.push(`${intent}: case owner ${task.caseOwner} under ${task.by}`);
  else {
    for (const conditional of route.conditional) {
      const entries = Object.entries(conditional.when);
      const unknown = entries.filter(([name]) => factValue(facts, implied, name) === undefined).map(([name]) => name);
      if (unknown.length > 0) {
        for (const name of unknown) if (!missing.includes(name)) missing.push(name);
        reasons.push(
          `${route.unit}: under ${conditional.by} the case goes to ${conditional.caseOwner} when ${entries.map(([k, v]) => `${k} = ${String(v)}`).join(' and ')}` +
            (unknown.some((n) => CASE_FACTS.has(n)) ? ' (known from the case after MitID login)' : ''),
        );
        continue;
      }
      if (entries.every(([name, value]) => factValue(facts, implied, name) === value)) {
        forvaltning = conditional.caseOwner;
        reasons.push(`${route.unit}: ${entries.map(([k, v]) => `${k} = ${String(v)}`).join(' and ')} → ${conditional.caseOwner} under ${conditional.by}`);
        break;
      }
    }
  }
  if (route.changedBy.length > 0) reasons.push(`${route.unit}: changed by ${route.changedBy.join(', ')}`);

  const intentInfo = table.intents.get(intent);
  let handling: Handling = intentInfo?.handling ?? 'viderestilling';
  // An explicit wish for a person overrides the bot (seed dialogue 2: "Jeg vil gerne snakke med en …").
  if (wantsPerson && handling !== 'viderestilling') {
    handling = 'viderestilling';
    reasons.push('the citizen asks for a person');
  }
  return finish(table, at, {
    group,
    unit: unit?.unit ?? null,
    forvaltning,
    firstLine: unit ? unit.firstLine : familyFirstLine(members, group),
    handling,
    missing,
    reasons,
    queueKey: unit?.unit ?? group,
    hasAnswer: intentInfo?.handling === 'straksafklaring',
  });
}

/** A family whose area is unknown: its shared first line, or the family's own shared queue when each unit answers itself. */
function familyFirstLine(members: readonly UnitRoute[], group: string): string {
  const lines = new Set(members.map((m) => m.firstLine));
  if (lines.size === 1) return [...lines][0]!;
  return members.every((m) => m.firstLine === m.unit) ? group : members[0]!.firstLine;
}

interface Draft {
  group: string | null;
  unit: string | null;
  forvaltning: string | null;
  firstLine: string;
  handling: Handling;
  missing: string[];
  reasons: string[];
  queueKey: string;
  hasAnswer: boolean;
}

/** Opening hours and the queue: a person is offered only while the first line is open. */
function finish(table: RoutingTable, at: Date, d: Draft): RoutingDecision {
  const base = { scenario: table.scenario, group: d.group, kontaktcenter: d.unit, forvaltning: d.forvaltning, firstLine: d.firstLine, missing: d.missing, reasons: d.reasons };
  if (d.handling !== 'viderestilling') {
    // The bot's answer and the booking calendar are there 24/7.
    return { ...base, handling: d.handling, queue: null, open: true, opensAt: null, offers: [] };
  }
  const state = table.hours.state(d.firstLine, at);
  if (!state.open) {
    d.reasons.push(`${d.firstLine} is closed (${state.closedBecause})${state.opensAt ? `; opens ${state.opensAt}` : ''}: offer ${d.hasAnswer ? 'the digital answer, ' : ''}a tidsbestilling or a call-back`);
    const offers: Offer[] = [...(d.hasAnswer ? (['digital-answer'] as const) : []), 'tidsbestilling', 'call-back'];
    return { ...base, handling: 'tidsbestilling', queue: null, open: false, opensAt: state.opensAt, offers };
  }
  const blocked = d.missing.filter((m) => m !== 'bydel');
  return { ...base, handling: 'viderestilling', queue: blocked.length > 0 ? null : `${d.firstLine}/${d.queueKey}`, open: true, opensAt: null, offers: [] };
}
