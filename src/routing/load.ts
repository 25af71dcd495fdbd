import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import type { KnowledgeBase } from '../knowledge-base/index.js';
import type { KontaktcenterRegistry } from '../registry/index.js';
import {
  areasSchema,
  citizenRulesSchema,
  exclusionsSchema,
  grebSchema,
  openingHoursSchema,
  scenarioFileSchema,
  serviceGoalsSchema,
  variantSchema,
  type AreasFile,
  type CitizenRules,
  type Exclusions,
  type GrebDefinition,
  type Move,
  type OpeningHoursFile,
  type ScenarioFile,
  type ServiceGoalsFile,
  type VariantDefinition,
} from './schema.js';

/** A routing-rules file or scenario the service cannot use. The message names the file and the rule. */
export class RoutingRulesError extends Error {
  override readonly name = 'RoutingRulesError';
  constructor(
    readonly file: string,
    readonly rule: string,
    readonly problem: string,
  ) {
    super(`${file}: [${rule}] ${problem}`);
  }
}

export interface Located<T> {
  readonly definition: T;
  /** Path relative to the routing-rules folder's parent, as people see it in the repository. */
  readonly file: string;
}

/** Every document of `routing-rules/`, parsed and checked against the registry and the knowledge base. */
export interface RoutingRules {
  readonly dir: string;
  readonly variants: ReadonlyMap<string, Located<VariantDefinition>>;
  readonly greb: ReadonlyMap<string, Located<GrebDefinition>>;
  readonly scenarios: ReadonlyMap<string, Located<ScenarioFile>>;
  readonly citizenRules: Located<CitizenRules>;
  readonly exclusions: Located<Exclusions>;
  readonly openingHours: Located<OpeningHoursFile>;
  readonly areas: Located<AreasFile>;
  readonly serviceGoals: Located<ServiceGoalsFile>;
  /** Codes a forvaltning may have: the seven and those that greb create (forvaltninger.json). */
  readonly forvaltningCodes: ReadonlySet<string>;
}

function display(dir: string, file: string): string {
  return path.join(path.basename(dir), path.relative(dir, file));
}

async function readYaml<S extends z.ZodType>(dir: string, file: string, schema: S): Promise<Located<z.infer<S>>> {
  const shown = display(dir, file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new RoutingRulesError(shown, 'file', `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new RoutingRulesError(shown, 'yaml', `is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
    throw new RoutingRulesError(shown, 'schema', `${field || '(file)'}: ${issue.message}`);
  }
  return { definition: result.data as z.infer<S>, file: shown };
}

async function readFolder<S extends z.ZodType<{ id: string }>>(dir: string, sub: string, schema: S): Promise<Map<string, Located<z.infer<S>>>> {
  const folder = path.join(dir, sub);
  let names: string[];
  try {
    names = (await readdir(folder)).filter((name) => /\.ya?ml$/.test(name)).sort();
  } catch (error) {
    throw new RoutingRulesError(display(dir, folder), 'file', `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const documents = new Map<string, Located<z.infer<S>>>();
  for (const name of names) {
    const located = await readYaml(dir, path.join(folder, name), schema);
    const documentId = (located.definition as { id: string }).id;
    if (documentId !== name.replace(/\.ya?ml$/, '')) {
      throw new RoutingRulesError(located.file, 'file-name', `id "${documentId}" must match the file name`);
    }
    documents.set(documentId, located);
  }
  return documents;
}

/** Reads `routing-rules/` and checks every reference in it: units, services, intents, forvaltning codes, rules. */
export async function loadRoutingRules(dir: string, registry: KontaktcenterRegistry, knowledgeBase: KnowledgeBase, extraCodes: readonly string[] = []): Promise<RoutingRules> {
  const [variants, greb, scenarios] = await Promise.all([
    readFolder(dir, 'variants', variantSchema),
    readFolder(dir, 'greb', grebSchema),
    readFolder(dir, 'scenarios', scenarioFileSchema),
  ]);
  const [citizenRules, exclusions, openingHours, areas, serviceGoals] = await Promise.all([
    readYaml(dir, path.join(dir, 'rules', 'citizen-rules.yaml'), citizenRulesSchema),
    readYaml(dir, path.join(dir, 'rules', 'exclusions.yaml'), exclusionsSchema),
    readYaml(dir, path.join(dir, 'rules', 'opening-hours.yaml'), openingHoursSchema),
    readYaml(dir, path.join(dir, 'rules', 'areas.yaml'), areasSchema),
    readYaml(dir, path.join(dir, 'rules', 'service-goals.yaml'), serviceGoalsSchema),
  ]);
  for (const id of greb.keys()) {
    if (variants.has(id)) throw new RoutingRulesError(greb.get(id)!.file, 'unique-id', `"${id}" is also a variant`);
  }
  const forvaltningCodes = new Set([...registry.forvaltninger.map((f) => f.code), ...extraCodes]);
  const rules: RoutingRules = { dir, variants, greb, scenarios, citizenRules, exclusions, openingHours, areas, serviceGoals, forvaltningCodes };
  checkReferences(rules, registry, knowledgeBase);
  return rules;
}

function checkReferences(rules: RoutingRules, registry: KontaktcenterRegistry, knowledgeBase: KnowledgeBase): void {
  const unit = (file: string, id: string) => {
    if (!registry.get(id)) throw new RoutingRulesError(file, 'unknown-id', `unknown kontaktcenter "${id}"`);
  };
  const group = (file: string, id: string) => {
    if (registry.unitsOf(id).length === 0) throw new RoutingRulesError(file, 'unknown-id', `unknown service (group) "${id}"`);
  };
  const intent = (file: string, id: string) => {
    if (!knowledgeBase.intent(id)) throw new RoutingRulesError(file, 'unknown-id', `unknown intent "${id}" (knowledge-base/intents)`);
  };
  const code = (file: string, value: string) => {
    if (!rules.forvaltningCodes.has(value)) throw new RoutingRulesError(file, 'unknown-id', `unknown forvaltning code "${value}"`);
  };
  const ruleIds = new Set(rules.citizenRules.definition.ageRules.map((r) => r.id));
  const moves = (file: string, list: readonly Move[]) => {
    for (const m of list) {
      if ('units' in m) {
        m.units.forEach((u) => unit(file, u));
        code(file, m.to);
        if (m.servedBy) group(file, m.servedBy);
      } else if ('intents' in m) {
        m.intents.forEach((i) => intent(file, i));
        code(file, m.to);
        if (m.group) group(file, m.group);
      } else if ('rename' in m) {
        code(file, m.rename.from);
        code(file, m.rename.to);
      } else {
        m.firstLine.units.forEach((u) => unit(file, u));
        if (m.firstLine.to !== 'self') unit(file, m.firstLine.to);
      }
    }
  };
  const effects = (file: string, e: { moves: readonly Move[]; lapses: readonly string[]; exemptFromRules: Record<string, string[]>; topicsWithoutEntry: ReadonlyArray<{ to: string }> }) => {
    moves(file, e.moves);
    for (const r of [...e.lapses, ...Object.keys(e.exemptFromRules)]) {
      if (!ruleIds.has(r)) throw new RoutingRulesError(file, 'unknown-id', `unknown citizen rule "${r}" (rules/citizen-rules.yaml)`);
    }
    Object.values(e.exemptFromRules).flat().forEach((i) => intent(file, i));
    e.topicsWithoutEntry.forEach((t) => code(file, t.to));
  };

  for (const { definition, file } of rules.variants.values()) {
    if (definition.operator) code(file, definition.operator.forvaltning);
    if (definition.enIndgangAnswers !== 'all') definition.enIndgangAnswers.forEach((u) => unit(file, u));
    moves(file, definition.moves);
    Object.values(definition.options).forEach((o) => moves(file, o.moves));
  }
  for (const { definition, file } of rules.greb.values()) {
    effects(file, definition);
    for (const option of Object.values(definition.options)) effects(file, option);
    for (const other of [...definition.includes, ...definition.coordinateWith]) {
      if (!rules.greb.has(other)) throw new RoutingRulesError(file, 'unknown-id', `unknown greb "${other}"`);
    }
  }
  const { file: rulesFile, definition: citizen } = rules.citizenRules;
  for (const rule of citizen.ageRules) {
    [rule.fromThreshold, rule.belowThreshold, ...rule.groups].forEach((g) => group(rulesFile, g));
    rule.intents.forEach((i) => intent(rulesFile, i));
  }
  citizen.impliedFacts.forEach((f) => f.intents.forEach((i) => intent(rulesFile, i)));
  const { file: areasFile, definition: areas } = rules.areas;
  for (const [family, { byBydel }] of Object.entries(areas.families)) {
    group(areasFile, family);
    for (const u of Object.values(byBydel)) {
      unit(areasFile, u);
      if (registry.get(u)!.group !== family) throw new RoutingRulesError(areasFile, 'unknown-id', `${u} is not a unit of ${family}`);
    }
  }
  for (const u of Object.keys(rules.serviceGoals.definition.units)) unit(rules.serviceGoals.file, u);
  const { file: hoursFile, definition: hours } = rules.openingHours;
  for (const firstLine of Object.keys(hours.firstLines)) {
    if (firstLine !== 'en-indgang' && !registry.get(firstLine)) throw new RoutingRulesError(hoursFile, 'unknown-id', `unknown first line "${firstLine}"`);
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: hours.timeZone });
  } catch {
    throw new RoutingRulesError(hoursFile, 'schema', `unknown time zone "${hours.timeZone}"`);
  }
}
