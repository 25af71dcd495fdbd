/**
 * Intake benchmark: sustained rate and latency of POST /v1/henvendelser (store, enqueue, classify → route →
 * handle on BullMQ, answer with the decision) on loopback with autocannon, next to a plain express endpoint that
 * does nothing, in the same run and process. SQLite in a temp folder, the machine's Redis, workers in-process.
 * Progress on stderr, a Markdown table on stdout, JSON in bench/results/intake.json.
 *
 *   npm run bench:intake [-- --seconds 15 --connections 20]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import express from 'express';
import { loadConfig, packageRoot } from '../src/config/index.js';
import { createLogger } from '../src/logging/index.js';
import { startService } from '../src/service.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const seconds = arg('seconds', 15);
const connections = arg('connections', 20);

const texts = readFileSync(path.join(packageRoot, 'test', 'data', 'independent-queries.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { text: string }).text);

async function run(title: string, options: autocannon.Options): Promise<autocannon.Result> {
  process.stderr.write(`${title}: ${seconds} s, ${connections} connections …\n`);
  return new Promise((resolve, reject) => {
    autocannon({ ...options, duration: seconds, connections }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

// The plain endpoint: express with its JSON parser, answering at once.
const plain = express();
plain.use(express.json());
plain.post('/noop', (_req, res) => {
  res.status(201).json({ ok: true });
});
const plainServer = createServer(plain).listen(0, '127.0.0.1');
await once(plainServer, 'listening');
const plainUrl = `http://127.0.0.1:${(plainServer.address() as AddressInfo).port}`;

const dir = mkdtempSync(path.join(tmpdir(), 'en-indgang-bench-'));
const service = await startService(
  loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${path.join(dir, 'bench.sqlite')}`, QUEUE_PREFIX: `bench-${process.pid}`, LOG_LEVEL: 'warn', REDIS_AUTOSTART: 'false', DISPATCH_INTERVAL_MS: '0' }),
  createLogger({ level: 'warn', destination: 2 }),
);

let i = 0;
const body = () => JSON.stringify({ channel: (['chat', 'phone', 'web'] as const)[i % 3], text: texts[i++ % texts.length], citizen: { age: 30 + (i % 60), bydel: 'valby' } });
const baseline = await run('plain express endpoint', { url: `${plainUrl}/noop`, method: 'POST', headers: { 'content-type': 'application/json' }, body: body() });
const intake = await run('POST /v1/henvendelser', {
  url: `${service.url}/v1/henvendelser`,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  requests: [{ setupRequest: (req) => ({ ...req, body: body() }) }],
});
const statuses = intake['2xx'];
const counts = await service.database.db.selectFrom('contacts').select(['status']).execute();
const byStatus: Record<string, number> = {};
for (const c of counts) byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;

await service.stop();
plainServer.close();
rmSync(dir, { recursive: true, force: true });

const summary = (r: autocannon.Result) => ({ requestsPerSecond: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, total: r.requests.total });
const result = {
  date: new Date().toISOString().slice(0, 10),
  node: process.version,
  seconds,
  connections,
  plain: summary(baseline),
  intake: summary(intake),
  ratio: { throughput: intake.requests.average / baseline.requests.average, p99: intake.latency.p99 / Math.max(baseline.latency.p99, 0.001) },
  intake2xx: statuses,
  contactsByStatus: byStatus,
};
writeFileSync(path.join(packageRoot, 'bench', 'results', 'intake.json'), `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(
  `| endpoint | requests/s | p50 | p99 | non-2xx | errors |\n|---|---:|---:|---:|---:|---:|\n` +
    `| plain express (does nothing) | ${Math.round(result.plain.requestsPerSecond)} | ${result.plain.p50Ms} ms | ${result.plain.p99Ms} ms | ${result.plain.non2xx} | ${result.plain.errors} |\n` +
    `| POST /v1/henvendelser (stored, decided, handled) | ${Math.round(result.intake.requestsPerSecond)} | ${result.intake.p50Ms} ms | ${result.intake.p99Ms} ms | ${result.intake.non2xx} | ${result.intake.errors} |\n` +
    `\nratio intake / plain: throughput ×${result.ratio.throughput.toFixed(3)}, p99 ×${result.ratio.p99.toFixed(1)}; contacts by status: ${JSON.stringify(byStatus)}\n`,
);
process.exit(0);
