import { z } from 'zod';
import { sourceRef } from '../registry/schema.js';

export const handling = z.enum(['straksafklaring', 'tidsbestilling', 'viderestilling']);
export type Handling = z.infer<typeof handling>;

/** Facts an intent needs from the citizen before it can be handled. */
export const citizenNeed = z.enum(['age', 'bydel', 'address', 'mitid', 'childAge', 'requesterType', 'caseNumber']);
export type CitizenNeed = z.infer<typeof citizenNeed>;

export const MIN_EXAMPLES_PER_INTENT = 25;

export const intentSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'expected a lower-case kebab-case id' }),
  title: z.string().min(1),
  handling,
  answer: z.string().min(1),
  selfService: z
    .strictObject({ title: z.string().min(1), url: z.url({ protocol: /^https$/, error: 'expected an https URL' }) })
    .nullable()
    .default(null),
  needs: z.array(citizenNeed).default([]),
  /** For tidsbestilling: book a new time (default) or change one the citizen has (cancel or move). */
  booking: z.enum(['book', 'change']).default('book'),
  sources: z.array(sourceRef).default([]),
  inferred: z.boolean(),
  examples: z
    .array(z.string().min(2).max(1000))
    .min(MIN_EXAMPLES_PER_INTENT, { error: `expected at least ${MIN_EXAMPLES_PER_INTENT} example phrasings` }),
});

export const intentFileSchema = z.strictObject({
  /** The registry group; null for the out-of-scope set. */
  group: z.string().min(1).nullable(),
  forvaltning: z.string().min(1).nullable(),
  review: z
    .strictObject({ status: z.enum(['draft', 'reviewed']), reviewedBy: z.string().nullable().default(null) })
    .default({ status: 'draft', reviewedBy: null }),
  /** Set for a service whose purpose the sources do not state: it gets no intents and routes to first line. */
  purposeUnknown: z.string().min(1).nullable().default(null),
  intents: z.array(intentSchema),
});

export type IntentFile = z.infer<typeof intentFileSchema>;
export type IntentDefinition = z.infer<typeof intentSchema>;

/** `glossary.yaml`: phrases of another language with the Danish words the phrasings use for them. */
export const glossaryFileSchema = z.strictObject({
  english: z.record(z.string().trim().min(1), z.string().trim().min(1, { error: 'expected the Danish words for the phrase' })),
});
