import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/service.js';

let t: TestService;
beforeAll(async () => {
  // HTTP only: valid bodies are stored and answered 202; what matters here is what the API says to bad ones.
  t = await startTestService({ WORKERS: 'false', INTAKE_WAIT_MS: '0' });
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

const valid = { channel: 'chat', text: 'Hvornår tømmes min skraldespand?' };

function expectProblem(res: request.Response): void {
  expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  // The detail names where the problem is.
  expect(res.body.detail).toMatch(/^(body|headers)([.:]|$)/);
}

describe('bad input to POST /v1/henvendelser is a 4xx problem naming the field, never a 500', () => {
  it('fixed cases: wrong types, 1 MB of text, an unknown channel, invalid JSON, a bad Idempotency-Key', async () => {
    const url = t.service.url;
    const wrongType = await request(url).post('/v1/henvendelser').send({ channel: 'chat', text: 42 });
    expectProblem(wrongType);
    expect(wrongType.body.errors).toEqual([{ field: 'body.text', message: 'expected a string' }]);
    const huge = await request(url).post('/v1/henvendelser').send({ channel: 'chat', text: 'x'.repeat(1024 * 1024) });
    expect(huge.status).toBe(413);
    expectProblem(huge);
    const channel = await request(url).post('/v1/henvendelser').send({ channel: 'fax', text: 'hej' });
    expectProblem(channel);
    expect(channel.body.errors[0]).toEqual({ field: 'body.channel', message: 'expected chat, phone or web' });
    const json = await request(url).post('/v1/henvendelser').set('content-type', 'application/json').send('{"channel": "chat", "text": ');
    expect(json.status).toBe(400);
    expect(json.body.detail).toBe('body: the request body is not valid JSON');
    const long = await request(url).post('/v1/henvendelser').send({ channel: 'chat', text: 'y'.repeat(6000) });
    expect(long.body.errors[0]).toEqual({ field: 'body.text', message: 'longer than 5000 characters' });
    const key = await request(url).post('/v1/henvendelser').set('Idempotency-Key', 'x'.repeat(300)).send(valid);
    expectProblem(key);
    expect(key.body.errors[0].field).toBe('headers.idempotency-key');
  });

  it('property: any JSON value as the body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (body) => {
        const res = await request(t.service.url).post('/v1/henvendelser').set('content-type', 'application/json').send(JSON.stringify(body));
        if (res.status < 300) return; // it happened to be a valid henvendelse
        expectProblem(res);
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('property: a valid body with one field replaced by anything, or an extra field', async () => {
    const field = fc.constantFrom('channel', 'text', 'sessionId', 'citizen', 'extra');
    await fc.assert(
      fc.asyncProperty(field, fc.anything({ withBigInt: false, withDate: false, withMap: false, withSet: false, withTypedArray: false, withSparseArray: false }), async (name, value) => {
        const body = { ...valid, [name]: value };
        const res = await request(t.service.url).post('/v1/henvendelser').set('content-type', 'application/json').send(JSON.stringify(body) ?? 'null');
        if (res.status < 300) return;
        expectProblem(res);
        if (res.status === 400 && res.body.errors) expect(res.body.errors[0].field).toMatch(/^body(\.|$)/);
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it('property: any string as the raw body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (raw) => {
        const res = await request(t.service.url).post('/v1/henvendelser').set('content-type', 'application/json').send(raw);
        if (res.status < 300) return;
        expectProblem(res);
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});
