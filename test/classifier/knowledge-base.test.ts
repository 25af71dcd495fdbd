import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, packageRoot } from '../../src/config/index.js';
import { KnowledgeBaseError, loadKnowledgeBase, MIN_EXAMPLES_PER_INTENT } from '../../src/knowledge-base/index.js';
import { loadRegistry, type KontaktcenterRegistry } from '../../src/registry/index.js';
import { normalizeText, spellingSkeleton, stem, tokenize } from '../../src/classifier/text.js';

const dir = loadConfig({}).knowledgeBaseDir;
let registry: KontaktcenterRegistry;
beforeAll(async () => {
  registry = await loadRegistry(dir);
});

describe('the knowledge base', () => {
  it('describes every service of the registry, with at least 25 phrasings per intent', async () => {
    const kb = await loadKnowledgeBase(dir, registry);
    const described = new Set([...kb.groups, ...kb.servicesWithoutIntents.map((s) => s.group)]);
    expect([...described].sort()).toEqual([...registry.groups].sort());
    for (const intent of kb.intents) expect(intent.examples.length, intent.id).toBeGreaterThanOrEqual(MIN_EXAMPLES_PER_INTENT);
    expect(kb.servicesWithoutIntents.map((s) => s.group).sort()).toEqual(['suf-supporten', 'suf-udd-koebenhavn']);
  });

  it('has an out-of-scope set and a general set that goes to Københavns Kontaktcenter', async () => {
    const kb = await loadKnowledgeBase(dir, registry);
    const oos = kb.intents.filter((i) => i.kind === 'out-of-scope').map((i) => i.id);
    expect(oos).toEqual(expect.arrayContaining(['oos-vejr', 'oos-skat', 'oos-region-hospital', 'oos-smalltalk', 'oos-instruktioner']));
    const general = kb.intents.filter((i) => i.kind === 'general');
    expect(general.length).toBeGreaterThanOrEqual(2);
    expect(general.every((i) => i.group === 'kff-koebenhavns-kontaktcenter' && i.handling === 'viderestilling')).toBe(true);
  });

  it('holds no CPR number in any example or answer', async () => {
    const kb = await loadKnowledgeBase(dir, registry);
    const text = kb.intents.flatMap((i) => [...i.examples, i.answer]).join('\n');
    expect(text).not.toMatch(/\b\d{6}-?\d{4}\b/);
  });

  it('has an English glossary for the classifier', async () => {
    const kb = await loadKnowledgeBase(dir, registry);
    expect(Object.keys(kb.glossary).length).toBeGreaterThan(300);
    expect(kb.glossary['home help']).toBe('hjemmehjælp');
  });

  it('translates every glossary phrase into words the phrasings use (a translation nobody says teaches nothing)', async () => {
    const kb = await loadKnowledgeBase(dir, registry);
    const key = (word: string) => spellingSkeleton(stem(word));
    const said = new Set(kb.intents.flatMap((i) => [...i.examples, i.title, i.answer]).flatMap((text) => tokenize(normalizeText(text)).map(key)));
    const unused = Object.entries(kb.glossary).filter(([, danish]) => !tokenize(normalizeText(danish)).some((word) => said.has(key(word))));
    expect(unused).toEqual([]);
  });

  it('still holds every phrasing of the annotated sample under the intent it was sampled from (bench/annotator-agreement)', async () => {
    const kb = await loadKnowledgeBase(dir, registry);
    const filed = new Set(kb.intents.flatMap((i) => i.examples.map((text) => `${i.id}\u0000${text}`)));
    const labels = new Set([...kb.groups, 'first-line']);
    const sample = readFileSync(path.join(packageRoot, 'test/data/annotated-sample.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { text: string; intent: string; expected: string; annotators: Array<{ label: string }> });
    expect(sample).toHaveLength(400);
    // A moved or reworded phrasing would silently drop out of the agreement figures: move the sample's line too.
    expect(sample.filter((item) => !filed.has(`${item.intent}\u0000${item.text}`)).map((item) => item.text)).toEqual([]);
    expect(sample.flatMap((item) => [item.expected, ...item.annotators.map((a) => a.label)]).filter((label) => !labels.has(label))).toEqual([]);
  });
});

describe('a broken intent file stops loading with file, intent and field named', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  function copyWith(file: string, edit: (text: string) => string): { copy: string; target: string } {
    const copy = mkdtempSync(path.join(tmpdir(), 'en-indgang-kb-'));
    dirs.push(copy);
    cpSync(dir, copy, { recursive: true });
    const target = path.join(copy, 'intents', file);
    writeFileSync(target, edit(readFileSync(target, 'utf8')));
    return { copy, target };
  }

  it('too few examples', async () => {
    const { copy, target } = copyWith('tmf-affald.yaml', (text) => text.replace(/examples:\n( {6}- .*\n)+/, 'examples:\n      - bare én\n      - og to\n'));
    const error = await loadKnowledgeBase(copy, registry).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KnowledgeBaseError);
    expect((error as Error).message).toMatch(new RegExp(`^${target.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: intent "[a-z-]+": field "intents\\.\\d+\\.examples" expected at least 25 example phrasings$`));
  });

  it('an unknown handling', async () => {
    const { copy } = copyWith('tmf-affald.yaml', (text) => text.replace(/handling: \w+/, 'handling: ringtilbage'));
    await expect(loadKnowledgeBase(copy, registry)).rejects.toThrow(/tmf-affald\.yaml: intent "[a-z-]+": field "intents\.0\.handling"/);
  });

  it('a group the registry does not know, or the wrong forvaltning', async () => {
    const unknown = copyWith('tmf-affald.yaml', (text) => text.replace(/^group: .*$/m, 'group: tmf-skraldespande'));
    await expect(loadKnowledgeBase(unknown.copy, registry)).rejects.toThrow('field "group" names the unknown group "tmf-skraldespande"');
    const wrong = copyWith('tmf-affald.yaml', (text) => text.replace(/^forvaltning: .*$/m, 'forvaltning: KFF'));
    await expect(loadKnowledgeBase(wrong.copy, registry)).rejects.toThrow('field "forvaltning" is KFF, but the registry gives tmf-affald to TMF');
  });

  it('an intent id used twice', async () => {
    const { copy } = copyWith('tmf-affald.yaml', (text) => text.replace(/- id: [a-z0-9-]+/, '- id: hjemmepleje-besoegstid'));
    await expect(loadKnowledgeBase(copy, registry)).rejects.toThrow(/intent "hjemmepleje-besoegstid": field "id" is already used in/);
  });

  it('a glossary entry without its Danish words, or glossary YAML that does not parse', async () => {
    const { copy } = copyWith('tmf-affald.yaml', (text) => text);
    const glossary = path.join(copy, 'glossary.yaml');
    writeFileSync(glossary, `${readFileSync(glossary, 'utf8')}  rubbish chute: ""\n`);
    await expect(loadKnowledgeBase(copy, registry)).rejects.toThrow(/glossary\.yaml: field "english\.rubbish chute" expected the Danish words for the phrase/);
    writeFileSync(glossary, 'english: [');
    await expect(loadKnowledgeBase(copy, registry)).rejects.toThrow(/glossary\.yaml: is not valid YAML/);
    rmSync(glossary);
    expect((await loadKnowledgeBase(copy, registry)).glossary).toEqual({});
  });

  it('YAML that does not parse', async () => {
    const { copy } = copyWith('tmf-affald.yaml', (text) => `${text}\n  - : : [\n`);
    await expect(loadKnowledgeBase(copy, registry)).rejects.toThrow(/tmf-affald\.yaml: is not valid YAML/);
  });
});
