import { z } from 'zod';

/** "002_fa39c02db5dabcc4.txt L398" or "... L384-387": a line (range) in one of the municipality's seed documents. */
export const sourceRef = z
  .string()
  .regex(/^\d{3}_[0-9a-f]{16}\.txt L\d+(-\d+)?$/, { error: 'expected "<seed file> L<n>" or "<seed file> L<n>-<m>"' });

const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'expected a lower-case kebab-case id' });

export const citizenAttribute = z.enum([
  'citizenAge',
  'area',
  'sygeplejeOnly',
  'dominantProblem',
  'requesterType',
  'inEmployment',
  'referral',
  'youthStatus',
  'longBenefitSeniority',
  'location',
  'service',
  'none',
]);

export const kontaktcenterSchema = z.strictObject({
  id,
  name: z.string().min(1),
  /** Checked against forvaltninger.json after parsing, so the message can list the known codes. */
  forvaltning: z.string().min(1),
  /** The service a family of units shares (e.g. the five SUF hjemmepleje areas); equals `id` for a single unit. */
  group: id,
  evidence: z.enum(['listed', 'phone-line', 'unit']),
  sources: z.array(sourceRef).min(1, { error: 'expected at least one source' }),
  phone: z
    .string()
    .regex(/^\d{4} \d{4}$/, { error: 'expected a Danish number as "3366 5600"' })
    .nullable(),
  hours: z
    .string()
    .regex(/^\d{2}\.\d{2}–\d{2}\.\d{2}$/, { error: 'expected opening hours as "09.00–16.00"' })
    .nullable(),
  /** The unit that answers this entry's calls in 2024 (Københavns Kontaktcenter for several), or null for itself. */
  answeredBy2024: id.nullable(),
  audience: z.enum(['borgere', 'virksomheder', 'begge']),
  topics: z.array(z.strictObject({ topic: z.string().min(1), inferred: z.boolean() })),
  rules: z
    .array(
      z.strictObject({
        attribute: citizenAttribute,
        rule: z.string().min(1),
        /** null: the rule holds in the 2024 baseline; else the scenario (or greb) ids it belongs to. */
        scenarios: z.array(z.string().regex(/^[a-z0-9-]+(\+[a-z0-9-]+)?$/)).nullable(),
        inferred: z.boolean(),
      }),
    )
    .nullable(),
  notes: z.string().nullable(),
});

export const excludedEntrySchema = z.strictObject({
  id,
  name: z.string().min(1),
  forvaltning: z.string().min(1),
  count: z.number().int().positive(),
  sources: z.array(sourceRef).min(1),
  reason: z.string().min(1),
});

export const registryFileSchema = z.strictObject({
  version: z.literal(1),
  kontaktcentre: z.array(z.unknown()).min(1, { error: 'expected at least one kontaktcenter' }),
  excluded: z.array(z.unknown()).default([]),
});

export const forvaltningSchema = z.looseObject({
  code: z.string().min(1),
  name: z.string().min(1),
  shortName: z.string().min(1),
  udvalg: z.looseObject({ name: z.string(), abbreviation: z.string().nullable() }),
  sources: z.array(sourceRef),
});

export const forvaltningerFileSchema = z.looseObject({
  version: z.literal(1),
  forvaltninger: z.array(z.unknown()).min(1),
});

export type Kontaktcenter = z.infer<typeof kontaktcenterSchema>;
export type ExcludedEntry = z.infer<typeof excludedEntrySchema>;
export type Forvaltning = z.infer<typeof forvaltningSchema>;
export type CitizenAttribute = z.infer<typeof citizenAttribute>;
