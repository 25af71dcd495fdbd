/**
 * Start-up benchmark: how long `en-indgang serve` (the built CLI, as `npm start` runs it) takes from spawn
 * to /healthz 200 and to /readyz 200, on a fresh SQLite file each run. Progress on stderr, results on stdout.
 *
 *   npm run bench:startup [-- --runs 10]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { packageRoot } from '../src/config/index.js';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 10;
const cli = path.join(packageRoot, 'bin', 'en-indgang.js');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function until(url: string, started: number, limitMs: number): Promise<number> {
  for (;;) {
    const ok = await fetch(url).then((r) => r.status === 200, () => false);
    if (ok) return performance.now() - started;
    if (performance.now() - started > limitMs) throw new Error(`${url} not 200 within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function once(): Promise<{ healthz: number; readyz: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'en-indgang-bench-'));
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'serve'], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  try {
    const healthz = await until(`http://127.0.0.1:${port}/healthz`, started, 10_000);
    const readyz = await until(`http://127.0.0.1:${port}/readyz`, started, 10_000);
    return { healthz, readyz };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};

const results: Array<{ healthz: number; readyz: number }> = [];
for (let i = 1; i <= runs; i++) {
  process.stderr.write(`\rstart-up ${i}/${runs}`);
  results.push(await once());
}
process.stderr.write('\n');
const row = (name: 'healthz' | 'readyz') => {
  const values = results.map((r) => r[name]);
  return `| /${name} 200 | ${quantile(values, 0.5).toFixed(0)} | ${Math.max(...values).toFixed(0)} |`;
};
process.stdout.write(
  [`Start-up of \`en-indgang serve\` (SQLite, local Redis), ${runs} runs, Node ${process.version}`, '', '| from spawn to | p50 ms | max ms |', '|---|---:|---:|', row('healthz'), row('readyz'), ''].join('\n'),
);
