import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { loadRegistry, RegistryError } from '../src/registry/index.js';

const knowledgeBaseDir = loadConfig({}).knowledgeBaseDir;
const registryFile = path.join(knowledgeBaseDir, 'kontaktcentre.json');

type Json = Record<string, unknown> & { kontaktcentre: Array<Record<string, unknown>> };
const original = (): Json => JSON.parse(readFileSync(registryFile, 'utf8')) as Json;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the knowledge base whose registry file has been changed by `edit`. */
function brokenKnowledgeBase(edit: (registry: Json) => void): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'en-indgang-kb-'));
  dirs.push(dir);
  cpSync(knowledgeBaseDir, dir, { recursive: true });
  const registry = original();
  edit(registry);
  const file = path.join(dir, 'kontaktcentre.json');
  writeFileSync(file, JSON.stringify(registry, null, 2));
  return { dir, file };
}

async function loadError(dir: string): Promise<RegistryError> {
  const error = await loadRegistry(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RegistryError);
  return error as RegistryError;
}

describe('the registry in knowledge-base/', () => {
  it('holds the 53 kontaktcentre in 40 services over the 7 forvaltninger', async () => {
    const registry = await loadRegistry(knowledgeBaseDir);
    expect(registry.kontaktcentre).toHaveLength(53);
    expect(registry.groups).toHaveLength(40);
    expect(new Set(registry.kontaktcentre.map((k) => k.forvaltning))).toEqual(new Set(['BIF', 'BUF', 'KFF', 'SOF', 'SUF', 'TMF', 'ØKF']));
    expect(registry.forvaltninger.map((f) => f.code).sort()).toEqual(['BIF', 'BUF', 'KFF', 'SOF', 'SUF', 'TMF', 'ØKF']);
    expect(registry.unitsOf('suf-hjemmepleje').map((u) => u.id)).toEqual([1, 2, 3, 4, 5].map((n) => `suf-hjemmepleje-${n}`));
    expect(registry.get('tmf-kontaktcenter')).toMatchObject({ phone: '3366 5600', hours: '09.00–16.00', answeredBy2024: 'kff-koebenhavns-kontaktcenter' });
    expect(registry.excluded.map((e) => e.id)).toEqual(['okf-serviceindgang-it', 'okf-serviceindgange-i-kc']);
  });
});

describe('a broken registry file stops loading with file, entry and field named', () => {
  it('a missing field', async () => {
    const { dir, file } = brokenKnowledgeBase((r) => {
      delete r.kontaktcentre[3]!.name;
    });
    const error = await loadError(dir);
    expect(error.message).toBe(`${file}: kontaktcentre entry "kff-vielseskontoret" (#4): field "name" is missing`);
    expect(error).toMatchObject({ entryId: 'kff-vielseskontoret', field: 'name' });
  });

  it('a duplicate id', async () => {
    const { dir, file } = brokenKnowledgeBase((r) => {
      r.kontaktcentre[10]!.id = 'tmf-kontaktcenter';
    });
    const error = await loadError(dir);
    expect(error.message).toBe(`${file}: kontaktcentre entry "tmf-kontaktcenter" (#11): field "id" duplicates entry #10`);
  });

  it('an unknown forvaltning', async () => {
    const { dir, file } = brokenKnowledgeBase((r) => {
      r.kontaktcentre[20]!.forvaltning = 'XYZ';
    });
    const error = await loadError(dir);
    expect(error.message).toBe(
      `${file}: kontaktcentre entry "bif-sociale-ydelser" (#21): field "forvaltning" is the unknown forvaltning "XYZ" (known: BIF, BUF, KFF, SOF, SUF, TMF, ØKF)`,
    );
  });

  it('a field of the wrong type, deep inside an entry', async () => {
    const { dir } = brokenKnowledgeBase((r) => {
      (r.kontaktcentre[0]!.topics as Array<Record<string, unknown>>)[1]!.inferred = 'yes';
    });
    const error = await loadError(dir);
    expect(error.message).toContain('kontaktcentre entry "kff-koebenhavns-kontaktcenter" (#1): field "topics[1].inferred" invalid: expected boolean');
  });

  it('a misspelt field name', async () => {
    const { dir } = brokenKnowledgeBase((r) => {
      r.kontaktcentre[2]!.fovaltning = 'KFF';
    });
    expect((await loadError(dir)).message).toContain('entry "kff-biblioteket-online" (#3): field "fovaltning" is not a known field');
  });

  it('a badly formed phone number or source reference', async () => {
    const phone = brokenKnowledgeBase((r) => {
      r.kontaktcentre[9]!.phone = '33665600';
    });
    expect((await loadError(phone.dir)).message).toContain('entry "tmf-kontaktcenter" (#10): field "phone" expected a Danish number');
    const source = brokenKnowledgeBase((r) => {
      r.kontaktcentre[9]!.sources = ['page 12'];
    });
    expect((await loadError(source.dir)).message).toContain('field "sources[0]" expected "<seed file> L<n>"');
  });

  it('answeredBy2024 naming a unit that does not exist', async () => {
    const { dir } = brokenKnowledgeBase((r) => {
      r.kontaktcentre[9]!.answeredBy2024 = 'kff-nowhere';
    });
    expect((await loadError(dir)).message).toContain('entry "tmf-kontaktcenter" (#10): field "answeredBy2024" names the unknown unit "kff-nowhere"');
  });

  it('one group spread over two forvaltninger', async () => {
    const { dir } = brokenKnowledgeBase((r) => {
      const unit = r.kontaktcentre.find((k) => k.id === 'suf-hjemmepleje-2')!;
      unit.forvaltning = 'SOF';
    });
    expect((await loadError(dir)).message).toContain('entry "suf-hjemmepleje-2" (#36): field "forvaltning" is SOF, but group "suf-hjemmepleje" belongs to SUF');
  });

  it('a file that is not JSON, or is missing', async () => {
    const { dir, file } = brokenKnowledgeBase(() => undefined);
    writeFileSync(file, '{ "version": 1, ');
    expect((await loadError(dir)).message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: is not valid JSON`));
    rmSync(file);
    expect((await loadError(dir)).message).toBe(`${file}: cannot be read (ENOENT)`);
  });
});
