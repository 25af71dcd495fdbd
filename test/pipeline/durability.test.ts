import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/config/index.js';
import { cliPath, startProcess, waitFor, warmModelCache, type RunningProcess } from '../support/processes.js';
import { TestRedisServer } from '../support/redis-server.js';
import { startTestService, type TestService } from '../support/service.js';

// 1,000 contacts posted at once to an HTTP-only node, handled by worker processes, while a worker is killed or
// Redis is restarted (it keeps nothing on disk: every job is lost). The database must end with every contact
// handled exactly once.
const N = 1000;
const HANDLED = ['resolved', 'queued', 'offered', 'booking', 'cancelled', 'awaiting-citizen'];
const texts = readFileSync(path.join(packageRoot, 'test', 'data', 'independent-queries.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { text: string }).text);

let redis: TestRedisServer;
let api: TestService;
const workers: RunningProcess[] = [];

function startWorker(): RunningProcess {
  const proc = startProcess(process.execPath, [cliPath, 'worker'], {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: api.target.url,
    DATABASE_SCHEMA: api.target.schema,
    REDIS_URL: redis.url,
    REDIS_AUTOSTART: 'false',
    QUEUE_PREFIX: api.prefix,
    LOG_LEVEL: 'info',
    MODEL_CACHE_DIR: modelCache,
  });
  workers.push(proc);
  return proc;
}
const ready = (proc: RunningProcess) => waitFor(async () => proc.stdout().includes('"worker running"'), 60_000, 'worker to start');

const modelCache = mkdtempSync(path.join(tmpdir(), 'en-indgang-worker-models-'));
beforeAll(async () => {
  await warmModelCache(modelCache);
  redis = await TestRedisServer.start();
  api = await startTestService({ REDIS_URL: redis.url, WORKERS: 'false', INTAKE_WAIT_MS: '200' });
  const [a, b] = [startWorker(), startWorker()];
  await Promise.all([ready(a), ready(b)]);
}, 120_000);
afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
  rmSync(modelCache, { recursive: true, force: true });
  await Promise.all(workers.map((w) => w.exited));
  await api?.stop();
  await redis?.stop();
});

async function postAll(tag: string): Promise<number[]> {
  return Promise.all(
    Array.from({ length: N }, (_, i) =>
      fetch(`${api.service.url}/v1/henvendelser`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `${tag}-${i}` },
        body: JSON.stringify({ channel: (['chat', 'phone', 'web'] as const)[i % 3], text: texts[i % texts.length], sessionId: `${tag}-${i}`, citizen: { age: 20 + (i % 70), bydel: 'valby' } }),
      }).then((r) => r.status),
    ),
  );
}

const db = () => api.service.database.db;
async function done(tag: string): Promise<number> {
  const row = await db().selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('session_id', 'like', `${tag}-%`).where('stage', '=', 'done').executeTakeFirstOrThrow();
  return Number(row.n);
}

async function expectAllHandledOnce(tag: string): Promise<void> {
  await waitFor(async () => (await done(tag)) === N, 150_000, `all ${N} ${tag} contacts handled`);
  const contacts = await db().selectFrom('contacts').select(['id', 'status', 'stage']).where('session_id', 'like', `${tag}-%`).execute();
  expect(contacts).toHaveLength(N);
  expect(contacts.filter((c) => !HANDLED.includes(c.status))).toEqual([]);
  const ids = contacts.map((c) => c.id);
  const events = await db().selectFrom('contact_events').select(['contact_id', 'type']).where('contact_id', 'in', ids).execute();
  const count = (type: string) => {
    const per = new Map<string, number>();
    for (const e of events) if (e.type === type) per.set(e.contact_id, (per.get(e.contact_id) ?? 0) + 1);
    return per;
  };
  // Decided once, created once, and one handling event each.
  for (const type of ['contact.created', 'contact.decided']) {
    const per = count(type);
    expect(ids.filter((id) => per.get(id) !== 1), type).toEqual([]);
  }
  const handledTypes = new Set(['contact.resolved', 'contact.queued', 'contact.booking-offered', 'contact.cancelled', 'contact.awaiting-citizen']);
  const handled = new Map<string, number>();
  for (const e of events) if (handledTypes.has(e.type)) handled.set(e.contact_id, (handled.get(e.contact_id) ?? 0) + 1);
  expect(ids.filter((id) => handled.get(id) !== 1)).toEqual([]);
  // No effect twice: one waiting entry per queued contact, no bot message twice.
  const queued = contacts.filter((c) => c.status === 'queued' || c.status === 'offered').length;
  const waiting = await db().selectFrom('waiting').select((eb) => eb.fn.countAll<number>().as('n')).where('contact_id', 'in', ids).executeTakeFirstOrThrow();
  expect(Number(waiting.n)).toBe(queued);
  const bot = await db().selectFrom('contact_messages').select(['contact_id', 'text']).where('contact_id', 'in', ids).where('author', '=', 'bot').execute();
  const seen = new Set<string>();
  const twice = bot.filter((m) => {
    const key = `${m.contact_id}|${m.text}`;
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  });
  expect(twice).toEqual([]);
}

describe('nothing lost, nothing twice', () => {
  it(`${N} contacts posted at once, with a worker killed in the middle`, async () => {
    const posting = postAll('kill');
    await waitFor(async () => (await done('kill')) >= 100, 60_000, '100 handled');
    workers[0]!.child.kill('SIGKILL');
    const replacement = startWorker();
    const statuses = await posting;
    expect(statuses.every((s) => s === 201 || s === 202)).toBe(true);
    await ready(replacement);
    await expectAllHandledOnce('kill');
  }, 240_000);

  it(`${N} contacts posted at once, with Redis restarted (and emptied) before the workers got to them`, async () => {
    // The workers are paused, so every job is still waiting in Redis when Redis dies: only the database can
    // bring the contacts back.
    const live = workers.filter((w) => w.child.exitCode === null);
    for (const w of live) w.child.kill('SIGSTOP');
    const statuses = await postAll('redis');
    expect(statuses.every((s) => s === 201 || s === 202)).toBe(true);
    expect(await done('redis')).toBe(0);
    await redis.stop();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await redis.startAgain();
    for (const w of live) w.child.kill('SIGCONT');
    await expectAllHandledOnce('redis');
    const logs = [api.logs.raw.join('\n'), ...workers.map((w) => w.stdout())].join('\n');
    expect(logs).toMatch(/contacts re-enqueued from the database/);
  }, 240_000);
});
