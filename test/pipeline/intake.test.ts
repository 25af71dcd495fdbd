import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../../src/fagsystemer/index.js';
import type { LoggingNotifier } from '../../src/notifications/index.js';
import { startTestService, type TestService } from '../support/service.js';

const TOKENS = { anna: 'anna-token-0123456789', bo: 'bo-token-0123456789ab', cai: 'cai-token-0123456789a' } as const;
const as = (agent: keyof typeof TOKENS) => ({ Authorization: `Bearer ${TOKENS[agent]}` });
let t: TestService;
let url: string;
beforeAll(async () => {
  // The test drives the dispatcher itself, with a clock it chooses.
  t = await startTestService({ DISPATCH_INTERVAL_MS: '0', AGENT_TOKENS: Object.entries(TOKENS).map(([id, token]) => `${id}=${token}`).join(',') });
  url = t.service.url;
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

const post = (body: unknown, key?: string) => {
  const req = request(url).post('/v1/henvendelser').send(body as object);
  return key ? req.set('Idempotency-Key', key) : req;
};

describe('POST /v1/henvendelser', () => {
  it('straksafklaring: both needs of the seed dialogue answered at once, the visit time from the fagsystem', async () => {
    const res = await post({ channel: 'chat', text: 'Hvad tid kommer min hjemmepleje? Jeg mangler også bioposer', citizen: { age: 82, bydel: 'valby', ref: DEMO_CITIZENS.withHomeCare } }).expect(201);
    expect(res.headers.location).toBe(`/v1/henvendelser/${res.body.id}`);
    expect(res.body).toMatchObject({ status: 'resolved', decision: { group: 'suf-hjemmepleje', kontaktcenter: 'suf-hjemmepleje-4', handling: 'straksafklaring', scenario: 'baseline-2024' } });
    expect(res.body.next).toMatchObject({ kind: 'answered', sources: ['demo-hjemmepleje (fixture data)'] });
    expect(res.body.next.answers[0]).toBe('Dit næste besøg fra hjemmeplejen er i dag kl. 14.30.');
    expect(res.body.next.answers[1]).toMatch(/bioposer/);
    const events = await request(url).get(`/v1/henvendelser/${res.body.id}/events`).expect(200);
    expect(events.body.events.map((e: { type: string }) => e.type)).toEqual(['contact.created', 'contact.classified', 'contact.decided', 'contact.resolved']);
  });

  it('status of a building case through the fagsystem port', async () => {
    const res = await post({ channel: 'web', text: 'Hvad er status på min byggesag 2026-0412?' }).expect(201);
    expect(res.body.decision.group).toBe('tmf-byggeri');
    expect(res.body.next.answers[0]).toMatch(/^Byggesag 2026-0412: under behandling/);
  });

  it('viderestilling: into the queue of its first line and unit, with place and expected wait', async () => {
    const res = await post({ channel: 'phone', text: 'Jeg vil gerne tale med et menneske' }).expect(201);
    expect(res.body).toMatchObject({ status: 'queued', next: { kind: 'queued', queue: 'kff-koebenhavns-kontaktcenter/kff-koebenhavns-kontaktcenter', position: expect.any(Number), expectedWaitSeconds: expect.any(Number) } });
    const second = await post({ channel: 'phone', text: 'Jeg vil gerne snakke med en medarbejder' }).expect(201);
    expect(second.body.next.position).toBe(res.body.next.position + 1);
  });

  it('a missing fact becomes a question; the answer sends the contact through routing again', async () => {
    const first = await post({ channel: 'chat', text: 'Hjemmeplejen er ikke kommet i dag' }).expect(201);
    expect(first.body).toMatchObject({ status: 'awaiting-citizen', next: { kind: 'ask', missing: ['age'] } });
    expect(first.body.messages.at(-1)).toMatchObject({ author: 'bot', text: 'Hvor gammel er du – eller den, det drejer sig om?' });
    const answer = await request(url).post(`/v1/henvendelser/${first.body.id}/messages`).send({ text: 'jeg er 58' }).expect(201);
    expect(answer.body).toMatchObject({ status: 'resolved', decision: { group: 'sof-sociale-hjemmepleje', forvaltning: 'SOF' } });
  });

  it('"Jeg skal aflyse min tid i Jobcentret i dag": cancelled with the reason, the caseworker notified once', async () => {
    const slots = await request(url).get('/v1/units/bif-jobcenter/slots?limit=1').expect(200);
    const booked = await request(url).post('/v1/bookings').send({ slotId: slots.body.slots[0].id, citizenRef: 'citizen-aflys' }).expect(201);
    const res = await post({ channel: 'phone', text: 'Jeg skal aflyse min tid i Jobcentret i dag, jeg er blevet syg', citizen: { ref: 'citizen-aflys' } }).expect(201);
    expect(res.body).toMatchObject({ status: 'cancelled', next: { kind: 'cancelled', reference: booked.body.reference, unit: 'bif-jobcenter' } });
    const booking = await request(url).get(`/v1/bookings/${booked.body.reference}`).expect(200);
    expect(booking.body).toMatchObject({ status: 'cancelled', cancelReason: 'Jeg skal aflyse min tid i Jobcentret i dag, jeg er blevet syg' });
    const sent = (t.service.notifier as LoggingNotifier).sent.filter((n) => n.reference === booked.body.reference);
    expect(sent).toEqual([expect.objectContaining({ kind: 'booking.cancelled', unit: 'bif-jobcenter', contactId: res.body.id })]);
  });

  it('tidsbestilling: free slots offered, one booked with a confirmation reference', async () => {
    const res = await post({ channel: 'web', text: 'Jeg skal have nyt pas, kan jeg bestille en tid?' }).expect(201);
    expect(res.body).toMatchObject({ status: 'booking', next: { kind: 'booking-offered', unit: 'kff-borgerservice' } });
    const slotId = res.body.next.slots[0].id;
    const booked = await request(url).post(`/v1/henvendelser/${res.body.id}/booking`).send({ slotId }).expect(201);
    expect(booked.body.reference).toMatch(/^KK-[0-9A-HJKMNP-TV-Z]{6}$/);
    expect((await request(url).get(`/v1/henvendelser/${res.body.id}`)).body.status).toBe('booked');
    await request(url).post(`/v1/henvendelser/${res.body.id}/booking`).send({ slotId }).expect(409);
  });

  it('the same Idempotency-Key twice gives the same contact, once; with another body it is refused', async () => {
    const body = { channel: 'chat', text: 'Hvornår tømmes min skraldespand?' };
    const [a, b] = await Promise.all([post(body, 'same-key-1'), post(body, 'same-key-1')]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    const again = await post(body, 'same-key-1').expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(a.body.id);
    const events = await request(url).get(`/v1/henvendelser/${a.body.id}/events`);
    expect(events.body.events.filter((e: { type: string }) => e.type === 'contact.created')).toHaveLength(1);
    await post({ ...body, text: 'noget andet' }, 'same-key-1').expect(422);
  });

  it('a CPR number in the text is not stored and not logged', async () => {
    const res = await post({ channel: 'chat', text: 'Mit CPR-nummer er 010190-1234 og jeg har fået en regning jeg ikke forstår' }).expect(201);
    const view = await request(url).get(`/v1/henvendelser/${res.body.id}`).expect(200);
    expect(JSON.stringify(view.body)).not.toMatch(/010190|0101901234/);
    expect(t.logs.raw.join('\n')).not.toMatch(/010190|0101901234/);
  });
});

describe('retention', () => {
  it('the words of a finished contact are deleted after the retention period; decision and events stay', async () => {
    const res = await post({ channel: 'chat', text: 'Hvornår har biblioteket åbent?' }).expect(201);
    const store = t.service.store;
    expect(await store.purgeTranscripts(new Date())).toBe(0);
    const purged = await store.purgeTranscripts(new Date(Date.now() + 31 * 86_400_000));
    expect(purged).toBeGreaterThanOrEqual(2);
    const view = await request(url).get(`/v1/henvendelser/${res.body.id}`).expect(200);
    expect(view.body.messages.every((m: { text: string }) => m.text === '[slettet efter opbevaringsperioden]')).toBe(true);
    expect(view.body.decision.group).toBe(res.body.decision.group);
    expect((await request(url).get(`/v1/henvendelser/${res.body.id}/events`)).body.events.length).toBeGreaterThanOrEqual(4);
  });
});

describe('queues for supervisors and serviceformidlere', () => {
  it('an offer goes to one available serviceformidler; declined or timed out it goes to the next; accepted it is assigned', async () => {
    const res = await post({ channel: 'phone', text: 'Jeg vil gerne tale med en rigtig person' }).expect(201);
    const queue = res.body.next.queue as string;
    const queues = t.service.agentQueues;
    await request(url).put('/v1/agents/anna').set(as('anna')).send({ name: 'Anna', teams: [queue], capacity: 10, available: true }).expect(200);
    await request(url).put('/v1/agents/bo').set(as('bo')).send({ name: 'Bo', teams: [queue], capacity: 10, available: true }).expect(200);
    const first = (await queues.dispatch()).find((o) => o.contactId === res.body.id)!;
    expect(first).toBeDefined();
    expect((await queues.entry(res.body.id))?.state).toBe('offered');
    // Declined: the next round offers it to the other one, never to both at once.
    await request(url).post(`/v1/agents/${first.agentId}/offers/${res.body.id}/decline`).expect(401);
    await request(url).post(`/v1/agents/${first.agentId}/offers/${res.body.id}/decline`).set(as(first.agentId === 'anna' ? 'bo' : 'anna')).expect(403);
    await request(url).post(`/v1/agents/${first.agentId}/offers/${res.body.id}/decline`).set(as(first.agentId as keyof typeof TOKENS)).expect(200);
    const second = (await queues.dispatch()).find((o) => o.contactId === res.body.id)!;
    expect(second.agentId).not.toBe(first.agentId);
    // Nobody answers: after the timeout it goes back to the queue; both have now passed, so no one is offered it.
    const later = new Date(Date.now() + queues.options.offerTimeoutMs + 1000);
    expect((await queues.dispatch(later)).find((o) => o.contactId === res.body.id)).toBeUndefined();
    expect(await queues.entry(res.body.id)).toMatchObject({ state: 'waiting', agentId: null });
    // A third serviceformidler comes on and accepts.
    await request(url).put('/v1/agents/cai').set(as('cai')).send({ name: 'Cai', teams: [queue], capacity: 2, available: true }).expect(200);
    const third = (await queues.dispatch(later)).find((o) => o.contactId === res.body.id)!;
    expect(third.agentId).toBe('cai');
    await request(url).post(`/v1/agents/bo/offers/${res.body.id}/accept`).set(as('bo')).expect(409);
    await request(url).post(`/v1/agents/cai/offers/${res.body.id}/accept`).set(as('cai')).expect(200);
    expect((await request(url).get(`/v1/henvendelser/${res.body.id}`)).body.status).toBe('assigned');
    // Transfer with a note, then close.
    await request(url).post(`/v1/henvendelser/${res.body.id}/transfer`).send({ queue: 'kff-koebenhavns-kontaktcenter/tmf-affald', note: 'x' }).expect(401);
    await request(url).post(`/v1/henvendelser/${res.body.id}/transfer`).set(as('cai')).send({ queue: 'kff-koebenhavns-kontaktcenter/tmf-affald', note: 'Spørger om storskrald' }).expect(200);
    expect(await queues.entry(res.body.id)).toMatchObject({ queue: 'kff-koebenhavns-kontaktcenter/tmf-affald', state: 'waiting', note: 'Spørger om storskrald' });
    await request(url).post(`/v1/henvendelser/${res.body.id}/close`).set(as('cai')).expect(200);
    await request(url).get('/v1/queues').expect(401);
    const stats = await request(url).get('/v1/queues').set(as('anna')).expect(200);
    expect(stats.body.queues.every((q: { queue: string }) => typeof q.queue === 'string')).toBe(true);
  });

  it('a wait past the service goal escalates to the whole first-line team', async () => {
    const res = await post({ channel: 'phone', text: 'Jeg vil gerne snakke med nogen om min klage' }).expect(201);
    const queues = t.service.agentQueues;
    await queues.upsertAgent({ id: 'team-only', name: 'Team', teams: ['kff-koebenhavns-kontaktcenter'], capacity: 10, available: true });
    for (const a of ['anna', 'bo', 'cai']) await queues.upsertAgent({ id: a, name: a, teams: ['none'], capacity: 1, available: false });
    expect((await queues.dispatch()).some((o) => o.contactId === res.body.id)).toBe(false);
    const late = new Date(Date.now() + queues.options.serviceGoalMs + 1000);
    const offers = await queues.dispatch(late);
    expect(offers.find((o) => o.contactId === res.body.id)?.agentId).toBe('team-only');
  });

  it("each unit's own service goal decides when its queue escalates", async () => {
    const { AgentQueues } = await import('../../src/viderestilling/index.js');
    const queues = new AgentQueues(t.service.database.db, { offerTimeoutMs: 30_000, averageHandleMs: 240_000, serviceGoalMs: 60 * 60_000, unitServiceGoalsMs: new Map([['tmf-affald', 60_000]]) });
    expect(queues.serviceGoalOf('kff-koebenhavns-kontaktcenter/tmf-affald')).toBe(60_000);
    expect(queues.serviceGoalOf('kff-koebenhavns-kontaktcenter/tmf-parkering')).toBe(3_600_000);
    const fast = await post({ channel: 'phone', text: 'Jeg vil gerne tale med et menneske om min affaldsordning' }).expect(201);
    expect(fast.body.status).toBe('queued');
    expect(await queues.transfer(fast.body.id, 'kff-koebenhavns-kontaktcenter/tmf-affald', 'test')).toBe(true);
    await queues.dispatch(new Date(Date.now() + 2 * 60_000));
    expect((await queues.entry(fast.body.id))?.escalation).toBeGreaterThanOrEqual(1);
  });

  it('GET /metrics is Prometheus text with the contact counters and queue gauges', async () => {
    const res = await request(url).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.text).toMatch(/^en_indgang_contacts_total\{channel="chat"\} \d+$/m);
    expect(res.text).toMatch(/^en_indgang_decisions_total\{handling="straksafklaring",scenario="baseline-2024"\} \d+$/m);
    expect(res.text).toMatch(/^en_indgang_queue_waiting\{queue="[^"]+"\} \d+$/m);
    expect(res.text).toMatch(/en_indgang_pipeline_stage_seconds_bucket\{le="0.005",stage="classify"\}/);
  });
});

describe('bookings under concurrency', () => {
  it('50 concurrent attempts to book the same slot give exactly one booking', async () => {
    const slots = await request(url).get('/v1/units/kff-vielseskontoret/slots?limit=1').expect(200);
    const slotId = slots.body.slots[0].id;
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => request(url).post('/v1/bookings').send({ slotId, citizenRef: `c-${i}` })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(49);
    expect(results.every((r) => r.status === 201 || String(r.headers['content-type']).startsWith('application/problem+json'))).toBe(true);
  });

  it('move and cancel: the old slot is free again, a cancelled booking cannot be moved', async () => {
    const slots = (await request(url).get('/v1/units/suf-voksentandplejen/slots?limit=3').expect(200)).body.slots;
    const booked = await request(url).post('/v1/bookings').send({ slotId: slots[0].id }).expect(201);
    const moved = await request(url).post(`/v1/bookings/${booked.body.reference}/move`).send({ slotId: slots[1].id }).expect(200);
    expect(moved.body.slot.id).toBe(slots[1].id);
    expect((await request(url).get(`/v1/bookings/${booked.body.reference}`)).body.status).toBe('cancelled');
    await request(url).post('/v1/bookings').send({ slotId: slots[0].id }).expect(201);
    await request(url).post(`/v1/bookings/${booked.body.reference}/move`).send({ slotId: slots[2].id }).expect(404);
  });
});

describe('switching the scenario while contacts wait', () => {
  it('a queued contact keeps the decision it got; the next contact is routed by the new table at once', async () => {
    // A viderestilling to Valby's hjemmepleje (the classification is not under test here, the scenario switch is).
    const text = 'Jeg er 80 og bor i Valby og vil gerne tale med hjemmeplejen';
    const before = await post({ channel: 'phone', text }).expect(201);
    expect(before.body).toMatchObject({ status: 'queued', decision: { scenario: 'baseline-2024', firstLine: 'suf-hjemmepleje-4' } });
    const active = t.service.scenarios.active;
    await active.activate('en-indgang-kff-runde-1', 'test', 'switch while contacts wait');
    try {
      const after = await post({ channel: 'phone', text }).expect(201);
      expect(after.body.decision).toMatchObject({ scenario: 'en-indgang-kff-runde-1', firstLine: 'en-indgang' });
      expect(after.body.next.queue).toBe('en-indgang/suf-hjemmepleje-4');
      const kept = await request(url).get(`/v1/henvendelser/${before.body.id}`).expect(200);
      expect(kept.body.decision).toEqual(before.body.decision);
      expect(kept.body.next.queue).toBe('suf-hjemmepleje-4/suf-hjemmepleje-4');
    } finally {
      await active.activate('baseline-2024', 'test', 'back');
    }
  });
});
