import { Router, type Request } from 'express';
import { z } from 'zod';
import { BookingNotFoundError, SlotTakenError, type Bookings } from '../../booking/index.js';
import { IdempotencyConflictError, type ContactStore } from '../../contacts/index.js';
import type { DomainEvents } from '../../events/index.js';
import { followUpInput, henvendelseInput, type Intake } from '../../intake/index.js';
import type { KontaktcenterRegistry } from '../../registry/index.js';
import type { AgentQueues } from '../../viderestilling/index.js';
import { bearerName } from '../bearer.js';
import { HttpProblem, parseRequestPart } from '../problem.js';

export interface HenvendelseRoutesOptions {
  readonly intake: Intake;
  readonly store: ContactStore;
  readonly bookings: Bookings;
  readonly agentQueues: AgentQueues;
  readonly registry: KontaktcenterRegistry;
  readonly events: DomainEvents;
  /** Serviceformidler id → bearer token for the agent endpoints; supervisors (queues) may also use admin tokens. */
  readonly agentTokens: ReadonlyMap<string, string>;
  readonly adminTokens: ReadonlyMap<string, string>;
}

const idParams = z.strictObject({ id: z.uuid({ error: 'expected a henvendelse id (UUID)' }) });
const idempotencyHeader = z.string().regex(/^[\x21-\x7e]{1,200}$/, { error: 'expected 1–200 visible ASCII characters' });
const bookingBody = z.strictObject({ slotId: z.string().min(1).max(200) });
const newBookingBody = z.strictObject({ slotId: z.string().min(1).max(200), citizenRef: z.string().min(1).max(200).optional() });
const cancelBody = z.strictObject({ reason: z.string().trim().min(1).max(1000) });
const slotsQuery = z.strictObject({ from: z.iso.datetime({ offset: true, error: 'expected an ISO date-time' }).optional(), limit: z.coerce.number().int().min(1).max(100).optional() });
const agentBody = z.strictObject({ name: z.string().min(1).max(100), teams: z.array(z.string().min(1).max(200)).min(1).max(50), capacity: z.number().int().min(1).max(20), available: z.boolean() });
const agentParams = z.strictObject({ agentId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, { error: 'expected letters, digits, . _ -' }) });
const offerParams = agentParams.extend({ id: z.uuid({ error: 'expected a henvendelse id (UUID)' }) });
const transferBody = z.strictObject({ queue: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, { error: 'expected "<first line>/<unit or service>"' }), note: z.string().trim().min(1).max(1000) });

function conflict(detail: string): HttpProblem {
  return new HttpProblem(409, '/problems/conflict', 'Conflict', detail);
}

/** The intake API, bookings, queues for supervisors, and the serviceformidler's side of the queues. */
export function henvendelseRoutes(options: HenvendelseRoutesOptions): Router {
  const { intake, store, bookings, agentQueues, registry } = options;
  const router = Router();
  const OFF = 'the serviceformidler endpoints are off: the service has no AGENT_TOKENS';
  /** Any serviceformidler (or an admin). */
  const staff = (req: Request): string => {
    try {
      return bearerName(req, options.agentTokens, 'serviceformidler token', OFF);
    } catch (error) {
      if (options.adminTokens.size === 0) throw error;
      return `admin:${bearerName(req, options.adminTokens, 'serviceformidler token', OFF)}`;
    }
  };
  /** The serviceformidler named in the path, and only they. */
  const self = (req: Request, agentId: string): void => {
    const name = bearerName(req, options.agentTokens, 'serviceformidler token', OFF);
    if (name !== agentId) throw new HttpProblem(403, '/problems/forbidden', 'Forbidden', `params.agentId: the token is ${name}'s, not ${agentId}'s`);
  };

  router.post('/v1/henvendelser', async (req, res) => {
    const header = req.header('idempotency-key');
    const key = header === undefined ? null : parseRequestPart('headers', z.object({ 'idempotency-key': idempotencyHeader }), { 'idempotency-key': header })['idempotency-key'];
    const body = parseRequestPart('body', henvendelseInput, req.body);
    try {
      const { view, created, handled } = await intake.submit(body, key);
      res.setHeader('Location', `/v1/henvendelser/${view.id}`);
      if (!created) res.setHeader('Idempotent-Replayed', 'true');
      res.status(created ? (handled ? 201 : 202) : 200).json(view);
    } catch (error) {
      if (error instanceof IdempotencyConflictError) throw new HttpProblem(422, '/problems/idempotency-key-reused', 'Idempotency-Key reused', 'headers.idempotency-key: used before with a different request');
      throw error;
    }
  });

  const contactOr404 = async (raw: unknown) => {
    const { id } = parseRequestPart('params', idParams, raw);
    const contact = await store.get(id);
    if (!contact) throw HttpProblem.notFound(`No henvendelse "${id}"`);
    return contact;
  };

  router.get('/v1/henvendelser/:id', async (req, res) => {
    res.json(await intake.view(await contactOr404(req.params)));
  });

  router.get('/v1/henvendelser/:id/events', async (req, res) => {
    const contact = await contactOr404(req.params);
    res.json({ id: contact.id, events: await store.events(contact.id) });
  });

  router.post('/v1/henvendelser/:id/messages', async (req, res) => {
    const contact = await contactOr404(req.params);
    const body = parseRequestPart('body', followUpInput, req.body);
    const { view, handled } = await intake.followUp(contact, body.text, body.citizen);
    res.status(handled ? 201 : 202).json(view);
  });

  router.post('/v1/henvendelser/:id/booking', async (req, res) => {
    const contact = await contactOr404(req.params);
    const { slotId } = parseRequestPart('body', bookingBody, req.body);
    if (contact.status !== 'booking') throw conflict(`the henvendelse is ${contact.status}, not waiting for a booking`);
    try {
      const booking = await bookings.book(slotId, { contactId: contact.id, citizenRef: typeof contact.citizen.ref === 'string' ? contact.citizen.ref : null });
      await store.setStatus(contact.id, 'booked', { type: 'contact.booked', data: { reference: booking.reference, unit: booking.slot.unit, startsAt: booking.slot.startsAt }, dedupeKey: `${booking.id}:booked` });
      await store.addMessage(contact.id, 'bot', `Din tid er booket: ${booking.slot.startsAt} (${booking.reference}).`, `${booking.id}:confirmation`);
      options.events.publish({ type: 'contact.booked', contactId: contact.id, at: new Date().toISOString(), data: { status: 'booked' } });
      res.status(201).json(booking);
    } catch (error) {
      if (error instanceof SlotTakenError) throw conflict(`body.slotId: ${error.message}`);
      if (error instanceof BookingNotFoundError) throw HttpProblem.notFound(error.message);
      throw error;
    }
  });

  // Tidsbestilling directly (web self-service, the agent console).
  router.get('/v1/units/:unit/slots', async (req, res) => {
    const unit = req.params.unit;
    if (!registry.get(unit)) throw HttpProblem.notFound(`No kontaktcenter "${unit}"`);
    const query = parseRequestPart('query', slotsQuery, req.query);
    const from = query.from ? new Date(query.from) : new Date();
    await bookings.ensureSlots(unit, from);
    res.json({ unit, slots: await bookings.freeSlots(unit, from, query.limit ?? 20) });
  });

  router.post('/v1/bookings', async (req, res) => {
    const body = parseRequestPart('body', newBookingBody, req.body);
    try {
      res.status(201).json(await bookings.book(body.slotId, { citizenRef: body.citizenRef ?? null }));
    } catch (error) {
      if (error instanceof SlotTakenError) throw conflict(`body.slotId: ${error.message}`);
      if (error instanceof BookingNotFoundError) throw HttpProblem.notFound(`body.slotId: ${error.message}`);
      throw error;
    }
  });

  router.get('/v1/bookings/:ref', async (req, res) => {
    const booking = await bookings.get(req.params.ref);
    if (!booking) throw HttpProblem.notFound(`No booking "${req.params.ref}"`);
    res.json(booking);
  });

  router.post('/v1/bookings/:ref/cancel', async (req, res) => {
    const { reason } = parseRequestPart('body', cancelBody, req.body);
    try {
      const { booking } = await bookings.cancel(req.params.ref, reason);
      res.json(booking);
    } catch (error) {
      if (error instanceof BookingNotFoundError) throw HttpProblem.notFound(error.message);
      throw error;
    }
  });

  router.post('/v1/bookings/:ref/move', async (req, res) => {
    const { slotId } = parseRequestPart('body', bookingBody, req.body);
    try {
      res.json(await bookings.move(req.params.ref, slotId));
    } catch (error) {
      if (error instanceof SlotTakenError) throw conflict(`body.slotId: ${error.message}`);
      if (error instanceof BookingNotFoundError) throw HttpProblem.notFound(error.message);
      throw error;
    }
  });

  // Supervisors: queue lengths and the oldest wait.
  router.get('/v1/queues', async (req, res) => {
    staff(req);
    res.json({ queues: await agentQueues.stats(), agents: await agentQueues.agents() });
  });

  // The serviceformidler's side (used by the agent console). Authentication of agents comes with the console.
  router.put('/v1/agents/:agentId', async (req, res) => {
    const { agentId } = parseRequestPart('params', agentParams, req.params);
    self(req, agentId);
    const body = parseRequestPart('body', agentBody, req.body);
    await agentQueues.upsertAgent({ id: agentId, ...body });
    res.json({ id: agentId, ...body });
  });

  router.post('/v1/agents/:agentId/offers/:id/accept', async (req, res) => {
    const { agentId, id } = parseRequestPart('params', offerParams, req.params);
    self(req, agentId);
    if (!(await agentQueues.accept(id, agentId))) throw conflict('no open offer of this henvendelse to this serviceformidler');
    await store.setStatus(id, 'assigned', { type: 'contact.assigned', data: { agentId } });
    options.events.publish({ type: 'contact.assigned', contactId: id, at: new Date().toISOString(), data: { status: 'assigned', agentId } });
    res.json(await agentQueues.entry(id));
  });

  router.post('/v1/agents/:agentId/offers/:id/decline', async (req, res) => {
    const { agentId, id } = parseRequestPart('params', offerParams, req.params);
    self(req, agentId);
    if (!(await agentQueues.decline(id, agentId))) throw conflict('no open offer of this henvendelse to this serviceformidler');
    await store.setStatus(id, 'queued', { type: 'contact.offer-declined', data: { agentId } });
    res.json(await agentQueues.entry(id));
  });

  router.post('/v1/henvendelser/:id/transfer', async (req, res) => {
    const by = staff(req);
    const contact = await contactOr404(req.params);
    const body = parseRequestPart('body', transferBody, req.body);
    if (!(await agentQueues.transfer(contact.id, body.queue, body.note))) throw conflict('the henvendelse is not in a queue');
    await store.setStatus(contact.id, 'queued', { type: 'contact.transferred', data: { queue: body.queue, note: body.note, by } });
    options.events.publish({ type: 'contact.transferred', contactId: contact.id, at: new Date().toISOString(), data: { status: 'queued', queue: body.queue } });
    res.json(await agentQueues.entry(contact.id));
  });

  router.post('/v1/henvendelser/:id/close', async (req, res) => {
    const by = staff(req);
    const contact = await contactOr404(req.params);
    await agentQueues.finish(contact.id);
    await store.setStatus(contact.id, 'closed', { type: 'contact.closed', data: { by }, dedupeKey: `${contact.id}:closed` });
    options.events.publish({ type: 'contact.closed', contactId: contact.id, at: new Date().toISOString(), data: { status: 'closed' } });
    res.json(await intake.view((await store.get(contact.id))!));
  });

  return router;
}
