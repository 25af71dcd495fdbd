import { z } from 'zod';

/** "002 L1499-1556": seed number and line(s), as SCENARIOS.md cites them; or a registry field. */
const source = z.string().regex(/^(\d{3} L\d+(-\d+)?|kontaktcentre\.json .+)$/, {
  error: 'expected a source like "002 L1499-1556"',
});
const sources = z.array(source).default([]);
const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'expected a lower-case kebab-case id' });
/** Forvaltning codes, including those a greb creates (EBF, BSF, …). */
const forvaltningCode = z.string().regex(/^[A-ZÆØÅ]{3}$/u, { error: 'expected a forvaltning code such as SUF' });

export const status = z.enum(['current', 'proposed', 'option', 'recommended', 'decided', 'discouraged', 'not-recommended', 'infeasible']);
export type Status = z.infer<typeof status>;

/** One effect of a greb or variant. Exactly one of the shapes below. */
const unitMove = z.strictObject({
  units: z.array(id).min(1),
  to: forvaltningCode,
  /** Only the citizens who match: `{ requesterType: virksomhed }`, `{ longBenefitSeniority: true }`. */
  when: z.record(z.string(), z.union([z.string(), z.boolean()])).optional(),
  /** The unit is merged into another service: its citizens are served by that service's units. */
  servedBy: id.optional(),
  inferred: z.boolean().default(false),
  sources,
});
const taskMove = z.strictObject({
  intents: z.array(id).min(1),
  to: forvaltningCode,
  /** The service whose queue takes the task; the intent's own when absent. */
  group: id.optional(),
  inferred: z.boolean().default(false),
  sources,
});
const rename = z.strictObject({
  rename: z.strictObject({ from: forvaltningCode, to: forvaltningCode }),
  inferred: z.boolean().default(false),
  sources,
});
const firstLineMove = z.strictObject({
  firstLine: z.strictObject({ units: z.array(id).min(1), to: z.union([z.literal('self'), id]) }),
  inferred: z.boolean().default(false),
  sources,
});
export const move = z.union([unitMove, taskMove, rename, firstLineMove]);
export type Move = z.infer<typeof move>;
export type UnitMove = z.infer<typeof unitMove>;
export type TaskMove = z.infer<typeof taskMove>;

const topicWithoutEntry = z.strictObject({ topic: z.string().min(1), to: forvaltningCode });

const effects = {
  moves: z.array(move).default([]),
  /** Citizen rules (rules/citizen-rules.yaml) that no longer hold. */
  lapses: z.array(id).default([]),
  /** Intents taken out of a citizen rule: `{ hjemmepleje-alder: [hjemmepleje-sygepleje] }`. */
  exemptFromRules: z.record(id, z.array(id)).default({}),
  /** Topics that move but have no registry entry (and so no queue of their own). */
  topicsWithoutEntry: z.array(topicWithoutEntry).default([]),
};

export const optionSchema = z.strictObject({
  name: z.string().min(1),
  status,
  statusReason: z.string().optional(),
  sources,
  requiresOneOf: z.array(id).default([]),
  ...effects,
});
export type GrebOption = z.infer<typeof optionSchema>;

export const grebSchema = z.strictObject({
  id,
  kind: z.enum(['greb', 'decided']),
  area: z.number().int().min(1).max(13).optional(),
  name: z.string().min(1),
  status,
  statusReason: z.string().optional(),
  sources,
  /** Structural effect on the number of forvaltninger: +1 for a split, −1 for a merger (SCENARIOS.md §3.1). */
  forvaltningCount: z.number().int().min(-2).max(2),
  /** Greb whose effects this one includes (a9 model 2 includes model 1). */
  includes: z.array(id).default([]),
  /** Greb this one should be combined with (a warning when missing). */
  coordinateWith: z.array(id).default([]),
  options: z.record(id, optionSchema).default({}),
  ...effects,
});
export type GrebDefinition = z.infer<typeof grebSchema>;

const operator = z.strictObject({ id, name: z.string().min(1), forvaltning: forvaltningCode, sources });

export const variantSchema = z.strictObject({
  id,
  kind: z.literal('variant'),
  name: z.string().min(1),
  status,
  statusReason: z.string().optional(),
  sources,
  /** `registry`: the unit itself, or the unit in `answeredBy2024`. */
  firstLine: z.literal('registry'),
  operator: operator.nullable(),
  /** Units whose first line becomes the operator: a list, or `all`. */
  enIndgangAnswers: z.union([z.literal('all'), z.array(id)]).default([]),
  moves: z.array(move).default([]),
  options: z
    .record(
      id,
      z.strictObject({ name: z.string().min(1), status, statusReason: z.string().optional(), sources, moves: z.array(move).default([]) }),
    )
    .default({}),
});
export type VariantDefinition = z.infer<typeof variantSchema>;

export const scenarioFileSchema = z.strictObject({
  id,
  name: z.string().min(1),
  variant: z.string().min(1),
  greb: z.array(z.string().min(1)).default([]),
  /** Greb the sources call infeasible, allowed here on purpose; each needs a reason. */
  overrides: z.array(z.strictObject({ greb: z.string().min(1), reason: z.string().min(3) })).default([]),
});
export type ScenarioFile = z.infer<typeof scenarioFileSchema>;

const ageRule = z.strictObject({
  id,
  title: z.string().min(1),
  rule: z.string().min(1),
  sources,
  threshold: z.number().int().positive(),
  fromThreshold: id,
  belowThreshold: id,
  /** The rule covers every intent of these services … */
  groups: z.array(id).default([]),
  /** … and these intents. */
  intents: z.array(id).default([]),
  inferred: z.boolean().default(false),
});
export type AgeRule = z.infer<typeof ageRule>;

export const citizenRulesSchema = z.strictObject({
  ageRules: z.array(ageRule),
  impliedFacts: z
    .array(z.strictObject({ intents: z.array(id).min(1), facts: z.record(z.string(), z.union([z.string(), z.boolean()])) }))
    .default([]),
});
export type CitizenRules = z.infer<typeof citizenRulesSchema>;

const pair = z.strictObject({
  id,
  a: z.array(z.string().min(1)).min(1),
  b: z.array(z.string().min(1)).min(1),
  reason: z.string().min(1),
  sources,
  inferred: z.boolean().default(false),
});
export type PairRule = z.infer<typeof pair>;

export const exclusionsSchema = z.strictObject({
  sevenForvaltninger: z.strictObject({ rule: z.string().min(1), sources, count: z.number().int().positive() }),
  requiresTogether: z
    .array(z.strictObject({ id, greb: z.array(z.string().min(1)).min(2), reason: z.string().min(1), sources }))
    .default([]),
  mutuallyExclusive: z.array(pair).default([]),
  discouraged: z.array(pair).default([]),
});
export type Exclusions = z.infer<typeof exclusionsSchema>;

const span = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, { error: 'expected "HH:MM-HH:MM"' });
const week = {
  mon: span.optional(),
  tue: span.optional(),
  wed: span.optional(),
  thu: span.optional(),
  fri: span.optional(),
  sat: span.optional(),
  sun: span.optional(),
  inferred: z.boolean().default(false),
  sources,
};
export const weekSchema = z.strictObject(week);
export type Week = z.infer<typeof weekSchema>;

export const openingHoursSchema = z.strictObject({
  timeZone: z.string().min(1),
  holidays: z.strictObject({
    country: z.string().length(2),
    alsoClosed: z.array(z.string().min(1)).default([]),
    alsoClosedDates: z.array(z.string().regex(/^\d{2}-\d{2}$/, { error: 'expected "MM-DD"' })).default([]),
  }),
  default: weekSchema,
  firstLines: z.record(id, weekSchema).default({}),
});
export type OpeningHoursFile = z.infer<typeof openingHoursSchema>;

export const areasSchema = z.strictObject({
  families: z.record(id, z.strictObject({ inferred: z.boolean().default(false), sources, byBydel: z.record(id, id) })),
});
export type AreasFile = z.infer<typeof areasSchema>;

export const serviceGoalsSchema = z.strictObject({
  default: z.strictObject({ minutes: z.number().positive().max(24 * 60), inferred: z.boolean().default(false) }),
  units: z.record(id, z.number().positive().max(24 * 60)).default({}),
});
export type ServiceGoalsFile = z.infer<typeof serviceGoalsSchema>;
