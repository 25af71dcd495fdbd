/**
 * Routing benchmark: the pure decision function (classification, citizen facts, scenario, time) → decision,
 * over every scenario file, real classifications of the independent query set, several sets of facts and three
 * moments (weekday noon, 23:00, Juledag). Also the time to compile each scenario. Progress on stderr, a Markdown
 * table on stdout, JSON in bench/results/routing.json, and the scenario page (bench/results/scenarios.html) for
 * the screenshot.
 *
 *   npm run bench:routing
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Classification } from '../src/classifier/index.js';
import { loadConfig, packageRoot } from '../src/config/index.js';
import { renderScenarioMatrix } from '../src/http/pages/scenario-matrix.js';
import { DEFAULT_PAGE_SCENARIOS } from '../src/http/routes/scenarios.js';
import { loadRegistry } from '../src/registry/index.js';
import { compileScenario, decide, ScenarioCatalog, type CitizenFacts } from '../src/routing/index.js';
import { Triage } from '../src/triage/index.js';

const config = loadConfig({});
const registry = await loadRegistry(config.knowledgeBaseDir);
process.stderr.write('training the classifier …\n');
const triage = await Triage.load(config.knowledgeBaseDir, registry);
const catalog = await ScenarioCatalog.load(config.routingRulesDir, config.knowledgeBaseDir, registry, triage.knowledgeBase);

const queries = readFileSync(path.join(packageRoot, 'test', 'data', 'independent-queries.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { text: string }).text);
const classifications: Classification[] = queries.map((text) => triage.classifier.classify(text));
const facts: CitizenFacts[] = [{}, { age: 82 }, { age: 40, bydel: 'valby' }, { age: 70, bydelCandidates: ['amager-oest', 'amager-vest'], requesterType: 'virksomhed' }];
const moments = [new Date('2026-12-02T11:00:00Z'), new Date('2026-12-02T22:00:00Z'), new Date('2026-12-25T11:00:00Z')];

// Compile time: a fresh compile of every scenario, 20 times each.
const compileMs: number[] = [];
for (const id of catalog.ids) {
  for (let i = 0; i < 20; i++) {
    const started = process.hrtime.bigint();
    compileScenario(id, catalog.rules, registry, triage.knowledgeBase);
    compileMs.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
}
const tables = catalog.ids.map((id) => catalog.table(id));

// Warm-up, so that the JIT has compiled decide() before it is timed.
let sink = 0;
for (let i = 0; i < 50_000; i++) sink += decide(classifications[i % classifications.length]!, facts[i % facts.length]!, tables[i % tables.length]!, moments[i % moments.length]!).reasons.length;

const rounds = 3;
const latencies: number[] = [];
for (let round = 0; round < rounds; round++) {
  process.stderr.write(`round ${round + 1}/${rounds} …\n`);
  for (const table of tables) {
    for (const classification of classifications) {
      for (const f of facts) {
        for (const at of moments) {
          const started = process.hrtime.bigint();
          const d = decide(classification, f, table, at);
          latencies.push(Number(process.hrtime.bigint() - started) / 1000);
          sink += d.missing.length;
        }
      }
    }
  }
}
// Throughput without the per-call clock reads.
const n = 200_000;
const started = process.hrtime.bigint();
for (let i = 0; i < n; i++) sink += decide(classifications[i % classifications.length]!, facts[i % facts.length]!, tables[i % tables.length]!, moments[i % moments.length]!).missing.length;
const perSecond = n / (Number(process.hrtime.bigint() - started) / 1e9);

const sorted = [...latencies].sort((a, b) => a - b);
const pct = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
const compileSorted = [...compileMs].sort((a, b) => a - b);
const result = {
  date: new Date().toISOString().slice(0, 10),
  node: process.version,
  scenarios: tables.length,
  classifications: classifications.length,
  decisions: latencies.length,
  decideMicros: { p50: pct(0.5), p90: pct(0.9), p99: pct(0.99), max: sorted.at(-1)! },
  decisionsPerSecond: Math.round(perSecond),
  compileMs: { p50: compileSorted[Math.floor(compileSorted.length / 2)]!, max: compileSorted.at(-1)! },
  sink: sink > 0,
};
const dir = path.join(packageRoot, 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, 'routing.json'), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(path.join(dir, 'scenarios.html'), renderScenarioMatrix(registry, DEFAULT_PAGE_SCENARIOS.map((id) => catalog.table(id))));
const f = (x: number) => x.toFixed(2);
process.stdout.write(
  `| measure | value |\n|---|---|\n` +
    `| decide() p50 / p90 / p99 / max | ${f(result.decideMicros.p50)} / ${f(result.decideMicros.p90)} / ${f(result.decideMicros.p99)} / ${f(result.decideMicros.max)} µs |\n` +
    `| decisions per second (one core) | ${result.decisionsPerSecond.toLocaleString('en')} |\n` +
    `| compile a scenario p50 / max | ${f(result.compileMs.p50)} / ${f(result.compileMs.max)} ms |\n` +
    `| decisions timed | ${result.decisions.toLocaleString('en')} (${result.scenarios} scenarios × ${result.classifications} queries × ${facts.length} fact sets × ${moments.length} moments × ${rounds}) |\n`,
);
process.stderr.write('wrote bench/results/routing.json and bench/results/scenarios.html\n');
