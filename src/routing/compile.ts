import { GENERAL_GROUP, type KnowledgeBase } from '../knowledge-base/index.js';
import type { KontaktcenterRegistry } from '../registry/index.js';
import { OpeningHours } from './hours.js';
import type { RoutingRules } from './load.js';
import type { Move, TaskMove, UnitMove } from './schema.js';
import { effectsOf, select, type Finding, type Selection } from './selection.js';
import type { ActiveAgeRule, ConditionalOwner, RoutingTable, TaskRoute, UnitRoute } from './table.js';

// One OpeningHours per set of rules: every scenario's table shares it and its holiday and offset caches.
const hoursByRules = new WeakMap<RoutingRules, OpeningHours>();
function hoursOf(rules: RoutingRules): OpeningHours {
  let hours = hoursByRules.get(rules);
  if (!hours) {
    hours = new OpeningHours(rules.openingHours.definition);
    hoursByRules.set(rules, hours);
  }
  return hours;
}

/** A scenario that breaks a rule. `findings` lists every problem; the message names the first. */
export class ScenarioInvalidError extends Error {
  override readonly name = 'ScenarioInvalidError';
  constructor(
    readonly scenario: string,
    readonly findings: readonly Finding[],
  ) {
    const errors = findings.filter((f) => f.level === 'error');
    const first = errors[0];
    super(
      first
        ? `scenario "${scenario}" is invalid: ${first.file}: [${first.rule}] ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`
        : `scenario "${scenario}" is invalid`,
    );
  }
}

interface MutableUnit {
  unit: string;
  group: string;
  caseOwner: string;
  firstLine: string;
  servedBy: string | null;
  conditional: ConditionalOwner[];
  changedBy: string[];
}

export interface CompileResult {
  readonly table?: RoutingTable;
  readonly findings: readonly Finding[];
}

/**
 * Compiles a scenario into a routing table, in the order of SCENARIOS.md §0: baseline → Én Indgang variant →
 * unit moves → task and attribute moves (more specific wins) → renames of forvaltning codes → validation.
 */
export function compileScenario(reference: string, rules: RoutingRules, registry: KontaktcenterRegistry, knowledgeBase: KnowledgeBase): CompileResult {
  const { selection, findings } = select(reference, rules);
  if (!selection) return { findings };
  const problems = [...findings];
  const table = build(selection, rules, registry, knowledgeBase, problems);
  return problems.some((f) => f.level === 'error') ? { findings: problems } : { table: { ...table, warnings: problems }, findings: problems };
}

/** As compileScenario, but throws ScenarioInvalidError when the scenario breaks a rule. */
export function compileOrThrow(reference: string, rules: RoutingRules, registry: KontaktcenterRegistry, knowledgeBase: KnowledgeBase): RoutingTable {
  const result = compileScenario(reference, rules, registry, knowledgeBase);
  if (!result.table) throw new ScenarioInvalidError(reference, result.findings);
  return result.table;
}

function build(selection: Selection, rules: RoutingRules, registry: KontaktcenterRegistry, knowledgeBase: KnowledgeBase, findings: Finding[]): RoutingTable {
  const error = (rule: string, message: string, ruleFile?: string) =>
    findings.push({ level: 'error', rule, file: selection.file, message, ...(ruleFile ? { ruleFile } : {}) });

  const units = new Map<string, MutableUnit>(
    registry.kontaktcentre.map((k) => [
      k.id,
      { unit: k.id, group: k.group, caseOwner: k.forvaltning, firstLine: k.answeredBy2024 ?? k.id, servedBy: null, conditional: [], changedBy: [] },
    ]),
  );

  // Layer (a): who answers first line.
  const variant = selection.variant.located.definition;
  let operator = variant.operator ? { id: variant.operator.id, forvaltning: variant.operator.forvaltning } : null;
  if (operator) {
    const answered = variant.enIndgangAnswers === 'all' ? [...units.keys()] : variant.enIndgangAnswers;
    for (const id of answered) {
      const u = units.get(id)!;
      u.firstLine = operator.id;
      u.changedBy.push(variant.id);
    }
  }

  type Sourced<T> = { move: T; source: string; file: string };
  const unitMoves: Array<Sourced<UnitMove>> = [];
  const taskMoves: Array<Sourced<TaskMove>> = [];
  const renames: Array<Sourced<{ from: string; to: string }>> = [];
  const firstLineMoves: Array<Sourced<{ units: string[]; to: string }>> = [];
  const lapsed = new Set<string>();
  const exempt = new Map<string, Set<string>>();
  const topicsWithoutEntry: Array<{ topic: string; to: string; by: string }> = [];

  const collect = (moves: readonly Move[], source: string, file: string) => {
    for (const m of moves) {
      if ('units' in m) unitMoves.push({ move: m, source, file });
      else if ('intents' in m) taskMoves.push({ move: m, source, file });
      else if ('rename' in m) renames.push({ move: m.rename, source, file });
      else firstLineMoves.push({ move: m.firstLine, source, file });
    }
  };
  collect(variant.moves, variant.id, selection.variant.located.file);
  if (selection.variant.option) collect(variant.options[selection.variant.option]!.moves, selection.variant.ref, selection.variant.located.file);
  for (const chosen of selection.greb) {
    for (const effects of effectsOf(chosen, rules)) {
      collect(effects.moves, effects.source, chosen.greb.file);
      effects.lapses.forEach((r) => lapsed.add(r));
      for (const [rule, intents] of Object.entries(effects.exemptFromRules)) {
        const set = exempt.get(rule) ?? new Set<string>();
        intents.forEach((i) => set.add(i));
        exempt.set(rule, set);
      }
    }
    const own = [chosen.greb.definition, ...(chosen.option ? [chosen.option.definition] : [])];
    for (const part of own) for (const t of part.topicsWithoutEntry) topicsWithoutEntry.push({ ...t, by: chosen.ref });
  }

  // Unit moves. Two different owners for the same unit (or the same citizens of it) is an error.
  const unitOwner = new Map<string, { to: string; source: string }>();
  for (const { move, source, file } of unitMoves) {
    for (const id of move.units) {
      const u = units.get(id)!;
      if (move.when) {
        u.conditional.push({ when: move.when, caseOwner: move.to, by: source });
        u.changedBy.push(source);
        continue;
      }
      const key = id;
      const earlier = unitOwner.get(key);
      if (earlier && earlier.to !== move.to && earlier.source !== source) {
        error('one-owner-per-task', `${id} is moved to ${earlier.to} by ${earlier.source} and to ${move.to} by ${source}`, file);
      }
      unitOwner.set(key, { to: move.to, source });
      u.caseOwner = move.to;
      if (move.servedBy) u.servedBy = move.servedBy;
      u.changedBy.push(source);
    }
  }
  for (const { move, source } of firstLineMoves) {
    for (const id of move.units) {
      const u = units.get(id)!;
      u.firstLine = move.to === 'self' ? id : move.to;
      u.changedBy.push(source);
    }
  }

  // Task moves: one owner per task.
  const tasks = new Map<string, { intent: string; caseOwner: string; group: string | null; by: string }>();
  for (const { move, source, file } of taskMoves) {
    for (const intent of move.intents) {
      const earlier = tasks.get(intent);
      if (earlier && earlier.caseOwner !== move.to && earlier.by !== source) {
        error('one-owner-per-task', `the task ${intent} is moved to ${earlier.caseOwner} by ${earlier.by} and to ${move.to} by ${source}`, file);
      }
      tasks.set(intent, { intent, caseOwner: move.to, group: move.group ?? null, by: source });
    }
  }

  // Renames last, so that a unit moved into a forvaltning follows that forvaltning's new code.
  const renameOf = new Map<string, { to: string; source: string }>();
  for (const { move, source, file } of renames) {
    const earlier = renameOf.get(move.from);
    if (earlier && earlier.to !== move.to) {
      error('one-owner-per-task', `${move.from} is renamed to ${earlier.to} by ${earlier.source} and to ${move.to} by ${source}`, file);
      continue;
    }
    renameOf.set(move.from, { to: move.to, source });
  }
  const renamed = (code: string) => renameOf.get(code)?.to ?? code;
  for (const u of units.values()) {
    const rename = renameOf.get(u.caseOwner);
    if (rename) {
      u.caseOwner = rename.to;
      u.changedBy.push(rename.source);
    }
    u.conditional = u.conditional.map((c) => ({ ...c, caseOwner: renamed(c.caseOwner) }));
  }
  for (const t of tasks.values()) t.caseOwner = renamed(t.caseOwner);
  if (operator) operator = { ...operator, forvaltning: renamed(operator.forvaltning) };

  // Every unit: exactly one case owner among the known forvaltning codes, and one first line.
  for (const u of units.values()) {
    if (!rules.forvaltningCodes.has(u.caseOwner)) error('coverage', `${u.unit} has no known case owner (${u.caseOwner})`);
    if (u.firstLine !== operator?.id && !units.has(u.firstLine)) error('coverage', `${u.unit} has no first line (${u.firstLine})`);
    if (u.servedBy && registry.unitsOf(u.servedBy).length === 0) error('coverage', `${u.unit} is served by an unknown service ${u.servedBy}`);
  }

  const ageRules: ActiveAgeRule[] = rules.citizenRules.definition.ageRules
    .filter((r) => !lapsed.has(r.id))
    .map((r) => ({
      id: r.id,
      title: r.title,
      threshold: r.threshold,
      fromThreshold: r.fromThreshold,
      belowThreshold: r.belowThreshold,
      groups: new Set(r.groups),
      intents: new Set(r.intents),
      exempt: exempt.get(r.id) ?? new Set<string>(),
    }));

  const groups = new Map<string, string[]>();
  for (const u of units.values()) groups.set(u.group, [...(groups.get(u.group) ?? []), u.unit]);

  const impliedFacts = new Map<string, Record<string, string | boolean>>();
  for (const entry of rules.citizenRules.definition.impliedFacts) for (const intent of entry.intents) impliedFacts.set(intent, entry.facts);

  const areas = new Map<string, ReadonlyMap<string, string>>(
    Object.entries(rules.areas.definition.families).map(([family, { byBydel }]) => [family, new Map(Object.entries(byBydel))]),
  );
  const general = units.get(GENERAL_GROUP)!;

  return {
    scenario: selection.id,
    name: selection.name,
    file: selection.file,
    variant: selection.variant.ref,
    greb: selection.greb.map((g) => g.ref),
    operator,
    units: new Map<string, UnitRoute>([...units].map(([id, u]) => [id, { ...u, changedBy: [...new Set(u.changedBy)] }])),
    groups,
    tasks: tasks as Map<string, TaskRoute>,
    ageRules,
    impliedFacts,
    areas,
    topicsWithoutEntry,
    hours: hoursOf(rules),
    generalFirstLine: general.firstLine === general.unit ? general.unit : general.firstLine,
    intents: new Map(knowledgeBase.intents.map((i) => [i.id, { handling: i.handling, kind: i.kind, group: i.group }])),
    warnings: [],
  };
}
