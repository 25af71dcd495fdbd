import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Intent } from '../knowledge-base/index.js';
import { IntentClassifier, type ClassifierSettings } from './classifier.js';

const FORMAT = 1;
const here = path.dirname(fileURLToPath(import.meta.url));

/** The classifier's own code, so that a change to features or training never meets an old model. */
function codeFingerprint(): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(here).filter((n) => /\.(js|ts)$/.test(n) && !n.endsWith('.d.ts')).sort()) hash.update(name).update(readFileSync(path.join(here, name)));
  return hash.digest('hex');
}

interface Meta {
  readonly format: number;
  readonly labels: string[];
  readonly intentVocabulary: string[];
  readonly groupVocabulary: string[];
  readonly intentClasses: number;
  readonly groupClasses: number;
}

/**
 * Trained models on disk, keyed by everything they depend on (the intents with their examples, the settings, the
 * classifier's code), so that start-up and CLI commands skip the ~5 s of training when nothing changed. A damaged
 * or stale file is ignored and replaced.
 */
export class ModelCache {
  constructor(readonly dir: string) {}

  key(intents: readonly Intent[], settings: ClassifierSettings): string {
    const hash = createHash('sha256');
    hash.update(String(FORMAT)).update(codeFingerprint()).update(JSON.stringify(settings));
    for (const i of intents) hash.update(JSON.stringify([i.id, i.group, i.kind, i.title, i.answer, i.examples]));
    return hash.digest('hex').slice(0, 32);
  }

  load(key: string, intents: readonly Intent[], settings: ClassifierSettings): IntentClassifier | undefined {
    try {
      const meta = JSON.parse(readFileSync(path.join(this.dir, `${key}.json`), 'utf8')) as Meta;
      if (meta.format !== FORMAT) return undefined;
      const bytes = readFileSync(path.join(this.dir, `${key}.bin`));
      const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      const sizes = [meta.intentVocabulary.length * meta.intentClasses, meta.intentClasses, meta.groupVocabulary.length * meta.groupClasses, meta.groupClasses];
      if (floats.length !== sizes.reduce((a, b) => a + b, 0)) return undefined;
      let at = 0;
      const take = (n: number) => floats.slice(at, (at += n));
      return IntentClassifier.restore(intents, settings, {
        labels: meta.labels,
        intentModel: { vocabulary: meta.intentVocabulary, classCount: meta.intentClasses, weights: take(sizes[0]!), bias: take(sizes[1]!) },
        groupModel: { vocabulary: meta.groupVocabulary, classCount: meta.groupClasses, weights: take(sizes[2]!), bias: take(sizes[3]!) },
      });
    } catch {
      return undefined;
    }
  }

  /** Writes atomically (temp file + rename), so that a reader never sees half a model. Failures are not fatal. */
  save(key: string, classifier: IntentClassifier): boolean {
    try {
      mkdirSync(this.dir, { recursive: true });
      const { labels, intentModel, groupModel } = classifier.snapshot();
      const meta: Meta = { format: FORMAT, labels, intentVocabulary: intentModel.vocabulary, groupVocabulary: groupModel.vocabulary, intentClasses: intentModel.classCount, groupClasses: groupModel.classCount };
      const parts = [intentModel.weights, intentModel.bias, groupModel.weights, groupModel.bias];
      const buffer = Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));
      const tmp = `.${process.pid}.${Date.now()}`;
      writeFileSync(path.join(this.dir, `${key}.bin${tmp}`), buffer);
      writeFileSync(path.join(this.dir, `${key}.json${tmp}`), JSON.stringify(meta));
      renameSync(path.join(this.dir, `${key}.bin${tmp}`), path.join(this.dir, `${key}.bin`));
      renameSync(path.join(this.dir, `${key}.json${tmp}`), path.join(this.dir, `${key}.json`));
      // Older models of other keys are of no use.
      for (const name of readdirSync(this.dir)) if (!name.startsWith(key)) rmSync(path.join(this.dir, name), { force: true });
      return true;
    } catch {
      return false;
    }
  }
}
