import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { AuditLog } from '../../src/persistence/index.js';
import { SWITCH_ACTION, ScenarioInvalidError } from '../../src/routing/index.js';
import { startService, type RunningService } from '../../src/service.js';
import { testDatabaseTarget, type TestDatabaseTarget } from '../support/database.js';
import { captureLogs } from '../support/logs.js';
import { waitFor } from '../support/processes.js';

const ALICE_TOKEN = 'alice-token-0123456789abcdef';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const logs = captureLogs('debug');
let target: TestDatabaseTarget;
const services: RunningService[] = [];

function node(env: Record<string, string> = {}): Promise<RunningService> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: target.url, DATABASE_SCHEMA: target.schema, REDIS_URL: redisUrl, REDIS_AUTOSTART: 'false', WORKERS: 'false', ...env });
  return startService(config, logs.logger).then((service) => {
    services.push(service);
    return service;
  });
}

let a: RunningService;
let b: RunningService;
beforeAll(async () => {
  target = testDatabaseTarget();
  a = await node({ ADMIN_TOKENS: `alice=${ALICE_TOKEN}` });
  b = await node();
}, 60_000);
afterAll(async () => {
  for (const service of services.splice(0)) await service.stop();
  await target?.cleanup();
});

describe('the active scenario', () => {
  it('starts as baseline-2024 and lists every scenario file with its findings', async () => {
    const res = await request(a.url).get('/v1/scenarios').expect(200);
    expect(res.body.active).toBe('baseline-2024');
    expect(res.body.scenarios).toHaveLength(18);
    expect(res.body.scenarios.find((s: { id: string }) => s.id === 'en-indgang-bif')).toMatchObject({ valid: true, findings: [expect.objectContaining({ level: 'warning', rule: 'not-recommended' })] });
    expect((await request(a.url).get('/v1/scenarios/active').expect(200)).body).toMatchObject({ scenario: 'baseline-2024', activatedBy: 'default' });
  });

  it('shows a compiled table and a diff', async () => {
    const table = await request(a.url).get('/v1/scenarios/en-indgang-kff-runde-1').expect(200);
    expect(table.body.units).toHaveLength(53);
    expect(table.body.units.find((u: { unit: string }) => u.unit === 'buf-pladsanvisningen')).toMatchObject({ firstLine: 'en-indgang', caseOwner: 'BUF' });
    const diff = await request(a.url).get('/v1/scenarios/baseline-2024/diff/en-indgang-kff-runde-1').expect(200);
    expect(diff.body.units).toHaveLength(9);
    const composition = await request(a.url).get(`/v1/scenarios/${encodeURIComponent('baseline-2024,a9-hjemmepleje-s1,a9-hjemmepleje-s2')}`).expect(422);
    expect(composition.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(composition.body.errors[0]).toMatchObject({ rule: 'one-per-area', file: 'composition' });
    await request(a.url).get('/v1/scenarios/nope').expect(404);
  });

  it('switching needs an admin token: 401 without, 403 with a wrong one, 403 on a node without admins', async () => {
    const none = await request(a.url).put('/v1/scenarios/active').send({ scenario: 'en-indgang-kff' }).expect(401);
    expect(none.body).toMatchObject({ type: '/problems/unauthorized', detail: 'headers.authorization: expected "Bearer <admin token>"' });
    await request(a.url).put('/v1/scenarios/active').set('Authorization', 'Bearer not-the-token-at-all').send({ scenario: 'en-indgang-kff' }).expect(403);
    const off = await request(b.url).put('/v1/scenarios/active').set('Authorization', `Bearer ${ALICE_TOKEN}`).send({ scenario: 'en-indgang-kff' }).expect(403);
    expect(off.body.detail).toMatch(/no ADMIN_TOKENS/);
  });

  it('refuses an invalid scenario naming the rule, and bad input naming the field; nothing changes', async () => {
    const auth = { Authorization: `Bearer ${ALICE_TOKEN}` };
    const invalid = await request(a.url).put('/v1/scenarios/active').set(auth).send({ scenario: 'baseline-2024,a5-tmf-opdeling' }).expect(422);
    expect(invalid.body.errors.map((e: { rule: string }) => e.rule).sort()).toEqual(['requires-together:deling-og-samling', 'seven-forvaltninger']);
    const bad = await request(a.url).put('/v1/scenarios/active').set(auth).send({ scenerio: 'en-indgang-kff' }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('body.scenario');
    expect((await request(a.url).get('/v1/scenarios/active')).body.scenario).toBe('baseline-2024');
  });

  it('an admin switches at run time: recorded with who and when, new decisions use it at once, the other node follows', async () => {
    const started = Date.now();
    const res = await request(a.url)
      .put('/v1/scenarios/active')
      .set('Authorization', `Bearer ${ALICE_TOKEN}`)
      .send({ scenario: 'en-indgang-kff-runde-1', reason: 'Runde 1 går i luften' })
      .expect(200);
    expect(res.body).toMatchObject({ scenario: 'en-indgang-kff-runde-1', activatedBy: 'alice', reason: 'Runde 1 går i luften' });
    expect(a.scenarios.active.current.table.scenario).toBe('en-indgang-kff-runde-1');

    const [entry] = await new AuditLog(a.database.db).list({ action: SWITCH_ACTION, limit: 1 });
    expect(entry).toMatchObject({ actor: 'alice', subject: 'en-indgang-kff-runde-1', details: { from: 'baseline-2024', reason: 'Runde 1 går i luften' } });
    expect(Date.parse(entry!.at)).toBeGreaterThanOrEqual(started - 1000);

    // Node B hears of it over Redis and reads the audit log.
    await waitFor(async () => (await request(b.url).get('/v1/scenarios/active')).body.scenario === 'en-indgang-kff-runde-1', 5000, 'node B to follow');
    expect((await request(b.url).get('/v1/scenarios/active')).body.activatedBy).toBe('alice');
    // The token never reaches the log.
    expect(logs.raw.join('\n')).not.toContain(ALICE_TOKEN);
  });

  it('a restart keeps the last switch; ROUTING_SCENARIO at start-up wins and is recorded; an invalid one stops start-up', async () => {
    const c = await node();
    expect(c.scenarios.active.current.table.scenario).toBe('en-indgang-kff-runde-1');
    const d = await node({ ROUTING_SCENARIO: 'en-indgang-kff' });
    expect(d.scenarios.active.current).toMatchObject({ activatedBy: 'config:ROUTING_SCENARIO' });
    expect(d.scenarios.active.current.table.scenario).toBe('en-indgang-kff');
    await expect(node({ ROUTING_SCENARIO: 'baseline-2024,a3-social-beskaeftigelse-b' })).rejects.toThrow(ScenarioInvalidError);
    await expect(node({ ROUTING_SCENARIO: 'baseline-2024,a3-social-beskaeftigelse-b' })).rejects.toThrow(/\[infeasible\] a3-social-beskaeftigelse-b is judged infeasible/);
  });
});
