import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { KontaktcenterRegistry } from '../registry/index.js';
import { KnowledgeBase, toIntent, type Intent, type ServiceWithoutIntents } from './knowledge-base.js';
import { glossaryFileSchema, intentFileSchema } from './schema.js';

export const INTENTS_DIR = 'intents';
export const GLOSSARY_FILE = 'glossary.yaml';

/** A knowledge-base file the service cannot start with; names the file, the intent and the field. */
export class KnowledgeBaseError extends Error {
  override readonly name = 'KnowledgeBaseError';
}

/**
 * Loads every `intents/*.yaml`, checks each against the schema and the registry (known group, matching
 * forvaltning, one file per group, unique intent ids), and returns the knowledge base.
 */
export async function loadKnowledgeBase(dir: string, registry: KontaktcenterRegistry): Promise<KnowledgeBase> {
  const intentsDir = path.join(dir, INTENTS_DIR);
  let names: string[];
  try {
    names = (await readdir(intentsDir)).filter((name) => name.endsWith('.yaml') || name.endsWith('.yml')).sort();
  } catch (error) {
    throw new KnowledgeBaseError(`${intentsDir}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const intents: Intent[] = [];
  const withoutIntents: ServiceWithoutIntents[] = [];
  const fileOfGroup = new Map<string | null, string>();
  const fileOfIntent = new Map<string, string>();

  for (const name of names) {
    const file = path.join(intentsDir, name);
    let raw: unknown;
    try {
      raw = parseYaml(await readFile(file, 'utf8'));
    } catch (error) {
      throw new KnowledgeBaseError(`${file}: is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    }
    const parsed = intentFileSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const [, index] = issue.path;
      const intentId =
        issue.path[0] === 'intents' && typeof index === 'number'
          ? ((raw as { intents?: Array<{ id?: string }> }).intents?.[index]?.id ?? `#${index + 1}`)
          : undefined;
      const where = intentId === undefined ? '' : ` intent "${intentId}":`;
      throw new KnowledgeBaseError(`${file}:${where} field "${issue.path.join('.')}" ${issue.message}`);
    }
    const content = parsed.data;
    if (content.group !== null) {
      const units = registry.unitsOf(content.group);
      if (units.length === 0) throw new KnowledgeBaseError(`${file}: field "group" names the unknown group "${content.group}"`);
      if (units[0]!.forvaltning !== content.forvaltning) {
        throw new KnowledgeBaseError(`${file}: field "forvaltning" is ${content.forvaltning}, but the registry gives ${content.group} to ${units[0]!.forvaltning}`);
      }
    }
    const other = fileOfGroup.get(content.group);
    if (other !== undefined) throw new KnowledgeBaseError(`${file}: group "${content.group}" is already described in ${other}`);
    fileOfGroup.set(content.group, file);

    if (content.purposeUnknown !== null) {
      if (content.group === null) throw new KnowledgeBaseError(`${file}: field "purposeUnknown" needs a group`);
      if (content.intents.length > 0) throw new KnowledgeBaseError(`${file}: a service with purposeUnknown must have no intents`);
      withoutIntents.push({ group: content.group, reason: content.purposeUnknown });
      continue;
    }
    if (content.intents.length === 0) throw new KnowledgeBaseError(`${file}: field "intents" is empty; give intents or purposeUnknown`);
    for (const definition of content.intents) {
      const first = fileOfIntent.get(definition.id);
      if (first !== undefined) throw new KnowledgeBaseError(`${file}: intent "${definition.id}": field "id" is already used in ${first}`);
      fileOfIntent.set(definition.id, file);
      intents.push(toIntent(definition, content.group, file));
    }
  }
  if (intents.length === 0) throw new KnowledgeBaseError(`${intentsDir}: holds no intents`);
  return new KnowledgeBase(intents, withoutIntents, await loadGlossary(path.join(dir, GLOSSARY_FILE)));
}

/** The glossary, or none when the file is absent (a knowledge base without English translations). */
async function loadGlossary(file: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new KnowledgeBaseError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new KnowledgeBaseError(`${file}: is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = glossaryFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new KnowledgeBaseError(`${file}: field "${issue.path.join('.')}" ${issue.message}`);
  }
  return parsed.data.english;
}
