import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { redisAnswers } from '../src/redis/index.js';
import { testDatabaseTarget, type TestDatabaseTarget } from './support/database.js';
import { cliPath, freePort, startProcess, waitFor, warmModelCache, type RunningProcess } from './support/processes.js';
import { TestRedisServer } from './support/redis-server.js';

// These tests run the built CLI (`npm test` builds first) as a separate process, exactly as `npm start` does.
const systemRedis = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let target: TestDatabaseTarget;
const running: RunningProcess[] = [];

const modelCache = mkdtempSync(path.join(tmpdir(), 'en-indgang-serve-models-'));
beforeAll(async () => {
  target = testDatabaseTarget();
  await warmModelCache(modelCache);
}, 120_000);
afterEach(async () => {
  for (const proc of running.splice(0)) {
    if (proc.child.exitCode === null) {
      proc.child.kill('SIGKILL');
      await proc.exited;
    }
  }
});
afterAll(async () => {
  await target.cleanup();
  rmSync(modelCache, { recursive: true, force: true });
});

function serve(env: Record<string, string>): RunningProcess {
  const proc = startProcess(process.execPath, [cliPath, 'serve'], {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: target.url,
    DATABASE_SCHEMA: target.schema,
    REDIS_URL: systemRedis,
    LOG_LEVEL: 'info',
    MODEL_CACHE_DIR: modelCache,
    ...env,
  });
  running.push(proc);
  return proc;
}

async function status(url: string): Promise<number> {
  return (await fetch(url)).status;
}

async function stopGracefully(proc: RunningProcess): Promise<number | null> {
  proc.child.kill('SIGTERM');
  return proc.exited;
}

describe('en-indgang serve', () => {
  it('serves /healthz and /readyz within 10 s, lists 53 kontaktcentre, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const proc = serve({ PORT: String(port) });
    const base = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await status(`${base}/readyz`)) === 200, 10_000, '/readyz 200');
    expect(await status(`${base}/healthz`)).toBe(200);
    const body = (await (await fetch(`${base}/v1/kontaktcentre`)).json()) as { count: number; forvaltninger: unknown[] };
    expect(body.count).toBe(53);
    expect(body.forvaltninger).toHaveLength(7);
    expect(await stopGracefully(proc)).toBe(0);
    // Logs are JSON lines, one object each.
    const lines = proc.stdout().trim().split('\n').map((line) => JSON.parse(line) as { msg: string });
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['registry loaded', 'database ready', 'listening', 'stopped']));
  });

  it('answers /readyz 503 naming Redis while Redis is down, and recovers without a restart', async () => {
    const redis = await TestRedisServer.start();
    try {
      const port = await freePort();
      serve({ PORT: String(port), REDIS_URL: redis.url, REDIS_AUTOSTART: 'false' });
      const readyz = `http://127.0.0.1:${port}/readyz`;
      await waitFor(async () => (await status(readyz)) === 200, 10_000, '/readyz 200');

      await redis.stop();
      const down = await fetch(readyz);
      expect(down.status).toBe(503);
      expect(down.headers.get('content-type')).toMatch(/application\/problem\+json/);
      const problem = (await down.json()) as { detail: string; checks: Record<string, { ok: boolean }> };
      expect(problem.detail).toMatch(/^Unavailable: redis: /);
      expect(problem.checks).toMatchObject({ database: { ok: true }, redis: { ok: false } });
      expect(await status(`http://127.0.0.1:${port}/healthz`)).toBe(200);

      await redis.startAgain();
      await waitFor(async () => (await status(readyz)) === 200, 10_000, '/readyz 200 after Redis returned');
    } finally {
      await redis.stop();
    }
  });

  it('starts a private redis-server when nothing answers on REDIS_URL, and stops it on exit', async () => {
    const port = await freePort();
    const redisPort = await freePort();
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    expect(await redisAnswers(redisUrl)).toBe(false);
    const proc = serve({ PORT: String(port), REDIS_URL: redisUrl });
    await waitFor(async () => (await status(`http://127.0.0.1:${port}/readyz`)) === 200, 10_000, '/readyz 200');
    expect(await redisAnswers(redisUrl)).toBe(true);
    expect(proc.stdout()).toContain('started a private redis-server');
    expect(await stopGracefully(proc)).toBe(0);
    expect(await redisAnswers(redisUrl)).toBe(false);
  });

  it('without Redis and without redis-server on the PATH, exits saying how to get Redis', async () => {
    const bin = mkdtempSync(path.join(tmpdir(), 'en-indgang-path-'));
    try {
      symlinkSync(process.execPath, path.join(bin, 'node'));
      const proc = serve({ PORT: String(await freePort()), REDIS_URL: `redis://127.0.0.1:${await freePort()}`, PATH: bin });
      expect(await proc.exited).toBe(1);
      const message = proc.stderr().trim();
      expect(message).toMatch(/^en-indgang: Redis is not answering on redis:\/\/127\.0\.0\.1:\d+ and redis-server is not on the PATH\./);
      expect(message).toContain('sudo apt-get install redis-server');
      expect(message).toContain('docker compose up -d redis');
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('a broken registry file stops start-up with the file, entry and field named', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'en-indgang-kb-'));
    try {
      cpSync(loadConfig({}).knowledgeBaseDir, dir, { recursive: true });
      const file = path.join(dir, 'kontaktcentre.json');
      const registry = JSON.parse(readFileSync(file, 'utf8')) as { kontaktcentre: Array<Record<string, unknown>> };
      registry.kontaktcentre[5]!.forvaltning = 'KULTUR';
      writeFileSync(file, JSON.stringify(registry));
      const proc = serve({ PORT: String(await freePort()), KNOWLEDGE_BASE_DIR: dir });
      expect(await proc.exited).toBe(1);
      expect(proc.stderr().trim()).toBe(
        `en-indgang: ${file}: kontaktcentre entry "kff-folkepension" (#6): field "forvaltning" is the unknown forvaltning "KULTUR" (known: BIF, BUF, KFF, SOF, SUF, TMF, ØKF)`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a wrong setting stops start-up with one line naming the variable', async () => {
    const proc = serve({ PORT: 'three thousand' });
    expect(await proc.exited).toBe(2);
    expect(proc.stderr()).toBe('en-indgang: Invalid configuration: PORT: expected an integer port number (got "three thousand")\n');
  });
});
