import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelCache } from '../../src/classifier/index.js';
import { loadConfig, packageRoot } from '../../src/config/index.js';
import { loadRegistry } from '../../src/registry/index.js';
import { classifierSettings, Triage } from '../../src/triage/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'en-indgang-models-'));
const config = loadConfig({});
let trained: Triage;
beforeAll(async () => {
  trained = await Triage.load(config.knowledgeBaseDir, await loadRegistry(config.knowledgeBaseDir), { settings: classifierSettings, modelCacheDir: dir });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const queries = readFileSync(path.join(packageRoot, 'test', 'data', 'independent-queries.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { text: string }).text);

describe('the model cache', () => {
  it('stores the trained models, and a cached classifier classifies exactly as the trained one', async () => {
    expect(trained.modelFromCache).toBe(false);
    expect(readdirSync(dir).sort()).toEqual([expect.stringMatching(/\.bin$/), expect.stringMatching(/\.json$/)]);
    const cached = await Triage.load(config.knowledgeBaseDir, trained.registry, { settings: classifierSettings, modelCacheDir: dir });
    expect(cached.modelFromCache).toBe(true);
    for (const text of queries) expect(cached.classifier.classify(text)).toEqual(trained.classifier.classify(text));
  });

  it('other settings are another key; a damaged file is ignored', () => {
    const cache = new ModelCache(dir);
    // The settings the classifier was trained with, the knowledge base's glossary among them.
    const settings = trained.classifier.settings;
    const key = cache.key(trained.knowledgeBase.intents, settings);
    expect(readdirSync(dir)).toContain(`${key}.bin`);
    expect(cache.key(trained.knowledgeBase.intents, { ...settings, minConfidence: 0.5 })).not.toBe(key);
    expect(cache.key(trained.knowledgeBase.intents.slice(1), settings)).not.toBe(key);
    const otherGlossary = { ...settings.features.translations, 'home help': 'hjemmepleje' };
    expect(cache.key(trained.knowledgeBase.intents, { ...settings, features: { ...settings.features, translations: otherGlossary } })).not.toBe(key);
    writeFileSync(path.join(dir, `${key}.bin`), Buffer.from('not a model'));
    expect(cache.load(key, trained.knowledgeBase.intents, settings)).toBeUndefined();
  });
});
