import request from 'supertest';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { createApp } from '../src/http/index.js';
import { Database } from '../src/persistence/index.js';
import { createProbeClient, pingRedis } from '../src/redis/index.js';
import { loadRegistry } from '../src/registry/index.js';
import { openTestDatabase, type TestDatabaseTarget } from './support/database.js';
import { captureLogs } from './support/logs.js';
import { freePort } from './support/processes.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const logs = captureLogs();
let app: Express;
let database: Database;
let target: TestDatabaseTarget;
let redisProbe: ReturnType<typeof createProbeClient>;

beforeAll(async () => {
  ({ database, target } = await openTestDatabase());
  redisProbe = createProbeClient(redisUrl);
  const registry = await loadRegistry(loadConfig({}).knowledgeBaseDir);
  app = createApp({
    logger: logs.logger,
    registry,
    readiness: [
      { name: 'database', check: () => database.ping() },
      { name: 'redis', check: () => pingRedis(redisProbe) },
    ],
  });
});
afterAll(async () => {
  redisProbe?.disconnect();
  await database?.close();
  await target?.cleanup();
});

describe('health', () => {
  it('GET /healthz answers 200 while the process is up', async () => {
    const res = await request(app).get('/healthz').expect(200);
    expect(res.body.status).toBe('ok');
  });

  it('GET /readyz answers 200 with database and Redis reachable', async () => {
    const res = await request(app).get('/readyz').expect(200);
    expect(res.body).toEqual({ status: 'ready', checks: { database: { ok: true }, redis: { ok: true } } });
  });
});

describe('readiness names the failing part', () => {
  it('answers 503 naming the database when it does not answer', async () => {
    const unreachable = Database.open({ url: `postgres://postgres@127.0.0.1:${await freePort()}/test` });
    try {
      const broken = createApp({
        logger: logs.logger,
        registry: await loadRegistry(loadConfig({}).knowledgeBaseDir),
        readiness: [
          { name: 'database', check: () => unreachable.ping() },
          { name: 'redis', check: () => pingRedis(redisProbe) },
        ],
      });
      const res = await request(broken).get('/readyz').expect(503).expect('content-type', /application\/problem\+json/);
      expect(res.body.detail).toMatch(/^Unavailable: database: /);
      expect(res.body.checks).toMatchObject({ database: { ok: false }, redis: { ok: true } });
    } finally {
      await unreachable.close();
    }
  });
});

describe('GET /v1/kontaktcentre', () => {
  it('lists the 53 kontaktcentre over 7 forvaltninger', async () => {
    const res = await request(app).get('/v1/kontaktcentre').expect(200).expect('content-type', /application\/json/);
    expect(res.body.count).toBe(53);
    expect(res.body.kontaktcentre).toHaveLength(53);
    expect(res.body.groups).toBe(40);
    expect(res.body.forvaltninger).toHaveLength(7);
    const counts = Object.fromEntries(res.body.forvaltninger.map((f: { code: string; count: number }) => [f.code, f.count]));
    expect(counts).toEqual({ BIF: 4, BUF: 5, KFF: 8, SOF: 7, SUF: 19, TMF: 9, ØKF: 1 });
  });

  it('filters by forvaltning and group', async () => {
    const suf = await request(app).get('/v1/kontaktcentre').query({ forvaltning: 'SUF' }).expect(200);
    expect(suf.body.count).toBe(19);
    const okf = await request(app).get('/v1/kontaktcentre?forvaltning=%C3%98KF').expect(200);
    expect(okf.body.kontaktcentre.map((k: { id: string }) => k.id)).toEqual(['okf-betaling-og-kontrol']);
    const group = await request(app).get('/v1/kontaktcentre').query({ group: 'suf-genoptraening' }).expect(200);
    expect(group.body.count).toBe(5);
  });

  it('rejects an unknown filter value or parameter as problem+json naming it', async () => {
    const res = await request(app).get('/v1/kontaktcentre').query({ forvaltning: 'XYZ' }).expect(400).expect('content-type', /application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, type: '/problems/validation-error', errors: [{ field: 'query.forvaltning' }] });
    const unknown = await request(app).get('/v1/kontaktcentre').query({ forvalting: 'SUF' }).expect(400);
    expect(unknown.body.detail).toMatch(/forvalting/);
    const repeated = await request(app).get('/v1/kontaktcentre?forvaltning=SUF&forvaltning=SOF').expect(400);
    expect(repeated.body.errors[0].field).toBe('query.forvaltning');
  });
});

describe('GET /v1/kontaktcentre/:id', () => {
  it('returns one entry with its family of units', async () => {
    const res = await request(app).get('/v1/kontaktcentre/suf-hjemmepleje-3').expect(200);
    expect(res.body).toMatchObject({ id: 'suf-hjemmepleje-3', group: 'suf-hjemmepleje', forvaltning: 'SUF', forvaltningName: 'Sundheds- og Omsorgsforvaltningen' });
    expect(res.body.unitsInGroup).toHaveLength(5);
  });

  it('answers 404 problem+json for an unknown id', async () => {
    const res = await request(app).get('/v1/kontaktcentre/nope').expect(404).expect('content-type', /application\/problem\+json/);
    expect(res.body).toEqual({
      type: '/problems/not-found',
      title: 'Not found',
      status: 404,
      detail: 'No kontaktcenter with id "nope"',
      instance: '/v1/kontaktcentre/nope',
    });
  });
});

describe('errors are problem+json, never HTML', () => {
  it('an unknown route', async () => {
    const res = await request(app).get('/v1/nothing-here').expect(404).expect('content-type', /application\/problem\+json/);
    expect(res.body.detail).toBe('No route for GET /v1/nothing-here');
  });

  it('invalid JSON in a body', async () => {
    const res = await request(app).post('/v1/kontaktcentre').set('content-type', 'application/json').send('{"text": ').expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ type: '/problems/invalid-json', status: 400 });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js/);
  });

  it('a body over the size limit', async () => {
    const res = await request(app)
      .post('/v1/kontaktcentre')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ text: 'x'.repeat(100_000) }))
      .expect(413);
    expect(res.body.type).toBe('/problems/payload-too-large');
  });
});

describe('request ids', () => {
  it('puts the request id on every log line of a request, and returns it', async () => {
    const before = logs.lines.length;
    const res = await request(app).get('/v1/kontaktcentre/nope').set('X-Request-Id', 'voicebot-call-42').expect(404);
    expect(res.headers['x-request-id']).toBe('voicebot-call-42');
    const lines = logs.lines.slice(before);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.reqId).toBe('voicebot-call-42');
  });

  it('makes a fresh id when none (or a malformed one) is given', async () => {
    const res = await request(app).get('/healthz').set('X-Request-Id', 'bad id with spaces').expect(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
