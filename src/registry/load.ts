import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { KontaktcenterRegistry } from './registry.js';
import {
  excludedEntrySchema,
  forvaltningerFileSchema,
  forvaltningSchema,
  kontaktcenterSchema,
  registryFileSchema,
  type ExcludedEntry,
  type Forvaltning,
  type Kontaktcenter,
} from './schema.js';

export const REGISTRY_FILE = 'kontaktcentre.json';
export const FORVALTNINGER_FILE = 'forvaltninger.json';

/** A registry file the service cannot start with. The message names the file, the entry and the field. */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly entryId?: string,
    readonly field?: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new RegistryError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new RegistryError(file, `is not valid JSON: ${(error as Error).message}`);
  }
}

function describeEntry(raw: unknown, index: number): { label: string; id: string | undefined } {
  const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string'
    ? (raw as { id: string }).id
    : undefined;
  return { id, label: id === undefined ? `entry #${index + 1}` : `entry "${id}" (#${index + 1})` };
}

function fieldOf(pathParts: readonly PropertyKey[]): string {
  return pathParts.map((part) => (typeof part === 'number' ? `[${part}]` : String(part))).join('.').replace(/\.\[/g, '[');
}

/** Parses one array entry; the first problem becomes a RegistryError naming entry and field. */
function parseEntry<S extends z.ZodType>(schema: S, raw: unknown, index: number, file: string, list: string): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data as z.infer<S>;
  const { label, id } = describeEntry(raw, index);
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    throw new RegistryError(file, `${list} ${label}: field "${fieldOf([...issue.path, key])}" is not a known field`, id, key);
  }
  const field = fieldOf(issue.path);
  const missing = isMissing(raw, issue.path);
  const problem = missing ? 'is missing' : issue.message.replace(/^Invalid input: /, 'invalid: ');
  throw new RegistryError(file, `${list} ${label}: field "${field}" ${problem}`, id, field);
}

function isMissing(raw: unknown, pathParts: readonly PropertyKey[]): boolean {
  let node: unknown = raw;
  for (const part of pathParts) {
    if (typeof node !== 'object' || node === null || !(part in (node as object))) return true;
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return false;
}

function requireFileShape<S extends z.ZodType>(schema: S, raw: unknown, file: string): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data as z.infer<S>;
  const issue = result.error.issues[0]!;
  const field = fieldOf(issue.path) || '(top level)';
  throw new RegistryError(file, `field "${field}" ${isMissing(raw, issue.path) ? 'is missing' : issue.message}`, undefined, field);
}

function findDuplicate(ids: readonly string[]): { id: string; first: number; second: number } | undefined {
  const seen = new Map<string, number>();
  for (const [index, value] of ids.entries()) {
    const first = seen.get(value);
    if (first !== undefined) return { id: value, first, second: index };
    seen.set(value, index);
  }
  return undefined;
}

export async function loadForvaltninger(dir: string): Promise<Forvaltning[]> {
  const file = path.join(dir, FORVALTNINGER_FILE);
  const shape = requireFileShape(forvaltningerFileSchema, await readJson(file), file);
  const forvaltninger = shape.forvaltninger.map((raw, index) => parseEntry(forvaltningSchema, raw, index, file, 'forvaltninger'));
  const duplicate = findDuplicate(forvaltninger.map((f) => f.code));
  if (duplicate) {
    throw new RegistryError(file, `forvaltninger entry "${duplicate.id}" (#${duplicate.second + 1}): field "code" duplicates entry #${duplicate.first + 1}`, duplicate.id, 'code');
  }
  return forvaltninger;
}

/**
 * Loads and validates `kontaktcentre.json` and `forvaltninger.json` from the knowledge-base folder.
 * Beyond the shape of each entry it checks what ties entries together: unique ids, known forvaltning
 * codes, `answeredBy2024` pointing at an existing unit, and one forvaltning per group.
 */
export async function loadRegistry(dir: string): Promise<KontaktcenterRegistry> {
  const forvaltninger = await loadForvaltninger(dir);
  const codes = new Set(forvaltninger.map((f) => f.code));
  const file = path.join(dir, REGISTRY_FILE);
  const shape = requireFileShape(registryFileSchema, await readJson(file), file);

  const entries: Kontaktcenter[] = shape.kontaktcentre.map((raw, index) =>
    parseEntry(kontaktcenterSchema, raw, index, file, 'kontaktcentre'),
  );
  const excluded: ExcludedEntry[] = shape.excluded.map((raw, index) => parseEntry(excludedEntrySchema, raw, index, file, 'excluded'));

  const duplicate = findDuplicate(entries.map((e) => e.id));
  if (duplicate) {
    throw new RegistryError(
      file,
      `kontaktcentre entry "${duplicate.id}" (#${duplicate.second + 1}): field "id" duplicates entry #${duplicate.first + 1}`,
      duplicate.id,
      'id',
    );
  }

  const checkForvaltning = (entry: Kontaktcenter | ExcludedEntry, label: string): void => {
    if (codes.has(entry.forvaltning)) return;
    throw new RegistryError(
      file,
      `${label}: field "forvaltning" is the unknown forvaltning "${entry.forvaltning}" (known: ${[...codes].join(', ')})`,
      entry.id,
      'forvaltning',
    );
  };
  const ids = new Set(entries.map((e) => e.id));
  excluded.forEach((entry, index) => {
    const label = `excluded entry "${entry.id}" (#${index + 1})`;
    checkForvaltning(entry, label);
    if (ids.has(entry.id)) throw new RegistryError(file, `${label}: field "id" is also a kontaktcenter id`, entry.id, 'id');
  });

  const groupOwner = new Map<string, Kontaktcenter>();
  for (const [index, entry] of entries.entries()) {
    const label = `kontaktcentre entry "${entry.id}" (#${index + 1})`;
    checkForvaltning(entry, label);
    if (entry.answeredBy2024 !== null && !ids.has(entry.answeredBy2024)) {
      throw new RegistryError(file, `${label}: field "answeredBy2024" names the unknown unit "${entry.answeredBy2024}"`, entry.id, 'answeredBy2024');
    }
    const owner = groupOwner.get(entry.group);
    if (owner === undefined) {
      groupOwner.set(entry.group, entry);
    } else if (owner.forvaltning !== entry.forvaltning) {
      throw new RegistryError(
        file,
        `${label}: field "forvaltning" is ${entry.forvaltning}, but group "${entry.group}" belongs to ${owner.forvaltning} (entry "${owner.id}")`,
        entry.id,
        'forvaltning',
      );
    }
  }
  return new KontaktcenterRegistry(entries, forvaltninger, excluded);
}
