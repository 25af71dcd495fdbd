/**
 * Classifier benchmark: the project's classifier side by side with NLP.js (@nlpjs/nlp + @nlpjs/lang-da) and
 * natural's BayesClassifier, on the same stratified k-fold split of the knowledge base (each model tested only
 * on examples it did not train on). Measures accuracy, training time, latency per query and throughput.
 * Progress on stderr; a Markdown table on stdout; JSON and an HTML chart in bench/results/.
 *
 *   npm run bench:classifier [-- --folds 5]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { IntentClassifier, normalizeText, stem, tokenize, type ClassifierSettings } from '../src/classifier/index.js';
import { queriesOf, stratifiedFolds } from '../src/classifier/evaluation.js';
import { isStopword } from '../src/classifier/text.js';
import { loadConfig, packageRoot } from '../src/config/index.js';
import { loadKnowledgeBase } from '../src/knowledge-base/index.js';
import { loadRegistry } from '../src/registry/index.js';
import { settingsFor } from '../src/triage/index.js';
import { classifierCharts } from './classifier-page.js';

const require = createRequire(import.meta.url);
// Subpaths only: natural's root module loads ./.env and prints to stdout (TECH-NOTES).
const { BayesClassifier } = require('natural/lib/natural/classifiers/index.js') as {
  BayesClassifier: new () => { addDocument(tokens: string[], label: string): void; train(): void; getClassifications(tokens: string[]): Array<{ label: string; value: number }> };
};
const { containerBootstrap } = require('@nlpjs/core') as { containerBootstrap(): Promise<{ use(plugin: unknown): void }> };
const { Nlp } = require('@nlpjs/nlp') as {
  Nlp: new (settings: object, container: unknown) => {
    addDocument(locale: string, text: string, intent: string): void;
    train(): Promise<void>;
    process(locale: string, text: string): Promise<{ intent: string; score: number }>;
  };
};
const { LangDa } = require('@nlpjs/lang-da') as { LangDa: unknown };

const foldsArg = process.argv.indexOf('--folds');
const k = foldsArg > 0 ? Number(process.argv[foldsArg + 1]) : 5;

interface Predicted {
  readonly intent: string;
  readonly group?: string | null;
}

interface Engine {
  readonly name: string;
  train(examples: ReadonlyArray<{ text: string; intent: string }>): Promise<void>;
  /** The predicted intent, and the predicted service when the engine ranks services itself. */
  predict(text: string): Promise<Predicted> | Predicted;
}

const tokensFor = (text: string) => tokenize(normalizeText(text)).filter((t) => !isStopword(t)).map(stem);

function ours(intents: Parameters<typeof IntentClassifier.train>[0], settings: ClassifierSettings): Engine {
  let classifier: IntentClassifier | undefined;
  return {
    name: 'Én Indgang (softmax regression)',
    async train(examples) {
      classifier = IntentClassifier.train(intents, settings, examples);
    },
    predict: (text) => {
      const prediction = classifier!.predict(text);
      return { intent: prediction.intents[0]!.intent, group: prediction.groups[0]!.group };
    },
  };
}

function naturalBayes(): Engine {
  let bayes: InstanceType<typeof BayesClassifier> | undefined;
  return {
    name: 'natural BayesClassifier (same stems)',
    async train(examples) {
      bayes = new BayesClassifier();
      for (const e of examples) bayes.addDocument(tokensFor(e.text), e.intent);
      bayes.train();
    },
    predict: (text) => ({ intent: bayes!.getClassifications(tokensFor(text))[0]!.label }),
  };
}

function nlpjs(): Engine {
  let nlp: InstanceType<typeof Nlp> | undefined;
  return {
    name: 'NLP.js 4 (@nlpjs/nlp + lang-da)',
    async train(examples) {
      const container = await containerBootstrap();
      container.use(LangDa);
      nlp = new Nlp({ languages: ['da'], autoSave: false, autoLoad: false, nlu: { log: false } }, container);
      for (const e of examples) nlp.addDocument('da', e.text, e.intent);
      await nlp.train();
    },
    predict: async (text) => ({ intent: (await nlp!.process('da', text)).intent }),
  };
}

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;

const config = loadConfig();
const registry = await loadRegistry(config.knowledgeBaseDir);
const knowledgeBase = await loadKnowledgeBase(config.knowledgeBaseDir, registry);
const groupOf = new Map(knowledgeBase.intents.map((intent) => [intent.id, intent.group]));
const folds = stratifiedFolds(queriesOf(knowledgeBase.intents), k);

const engines = [ours(knowledgeBase.intents, settingsFor(knowledgeBase)), nlpjs(), naturalBayes()];
const results = [];
for (const engine of engines) {
  let correctGroup = 0;
  let correctIntent = 0;
  let total = 0;
  const trainMs: number[] = [];
  const latencies: number[] = [];
  for (let f = 0; f < k; f++) {
    process.stderr.write(`\r${engine.name}: fold ${f + 1}/${k}   `);
    const training = folds.filter((_, i) => i !== f).flat().map((q) => ({ text: q.text, intent: q.intent! }));
    const started = performance.now();
    await engine.train(training);
    trainMs.push(performance.now() - started);
    for (const query of folds[f]!) {
      const t0 = performance.now();
      const predicted = await engine.predict(query.text);
      latencies.push(performance.now() - t0);
      total++;
      if (predicted.intent === query.intent) correctIntent++;
      const group = predicted.group !== undefined ? predicted.group : (groupOf.get(predicted.intent) ?? null);
      if (group === query.group) correctGroup++;
    }
  }
  latencies.sort((a, b) => a - b);
  const totalMs = latencies.reduce((s, v) => s + v, 0);
  results.push({
    engine: engine.name,
    groupAccuracy: correctGroup / total,
    intentAccuracy: correctIntent / total,
    trainMsPerFold: trainMs.reduce((s, v) => s + v, 0) / trainMs.length,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    queriesPerSecond: (latencies.length / totalMs) * 1000,
  });
}
process.stderr.write('\n');

const base = results[0]!;
const reference = results[1]!;
const summary = {
  date: new Date().toISOString(),
  node: process.version,
  folds: k,
  examples: knowledgeBase.exampleCount,
  intents: knowledgeBase.intents.length,
  results,
  ratioToNlpjs: {
    groupAccuracy: base.groupAccuracy / reference.groupAccuracy,
    p99Latency: base.p99Ms / reference.p99Ms,
    throughput: base.queriesPerSecond / reference.queriesPerSecond,
    trainingTime: base.trainMsPerFold / reference.trainMsPerFold,
  },
};

const table = [
  `Classifier benchmark — ${k}-fold cross-validation on ${summary.examples} examples of ${summary.intents} intents (Node ${process.version}, one core)`,
  '',
  '| engine | group accuracy | intent accuracy | training per fold | p50 / query | p99 / query | queries/s |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...results.map(
    (r) =>
      `| ${r.engine} | ${(r.groupAccuracy * 100).toFixed(1)} % | ${(r.intentAccuracy * 100).toFixed(1)} % | ${(r.trainMsPerFold / 1000).toFixed(2)} s | ${r.p50Ms.toFixed(3)} ms | ${r.p99Ms.toFixed(3)} ms | ${Math.round(r.queriesPerSecond)} |`,
  ),
  '',
  `Ratio Én Indgang / NLP.js: accuracy ×${summary.ratioToNlpjs.groupAccuracy.toFixed(3)}, p99 latency ×${summary.ratioToNlpjs.p99Latency.toFixed(3)}, throughput ×${summary.ratioToNlpjs.throughput.toFixed(1)}, training time ×${summary.ratioToNlpjs.trainingTime.toFixed(2)}`,
  '',
].join('\n');
process.stdout.write(table);

const out = path.join(packageRoot, 'bench', 'results');
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'classifier.json'), `${JSON.stringify(summary, null, 2)}\n`);
writeFileSync(path.join(out, 'classifier.html'), classifierCharts(summary));
process.stderr.write(`wrote bench/results/classifier.json and bench/results/classifier.html\n`);
