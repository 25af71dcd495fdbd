import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Bookings } from '../booking/index.js';
import type { Contact, ContactStore } from '../contacts/index.js';
import type { DomainEvents } from '../events/index.js';
import type { ContactQueues, HandledWaiter, Outcome } from '../pipeline/index.js';
import type { AgentQueues } from '../viderestilling/index.js';

/** The body of POST /v1/henvendelser. */
export const henvendelseInput = z.strictObject({
  channel: z.enum(['chat', 'phone', 'web'], { error: 'expected chat, phone or web' }),
  text: z.string({ error: 'expected a string' }).trim().min(1, { error: 'must not be empty' }).max(5000, { error: 'longer than 5000 characters' }),
  sessionId: z.string().min(1).max(200).optional(),
  citizen: z
    .strictObject({
      age: z.number({ error: 'expected a number' }).int({ error: 'expected a whole number' }).min(0).max(130).optional(),
      postnummer: z.string().regex(/^\d{4}$/, { error: 'expected four digits' }).optional(),
      bydel: z.string().min(1).max(60).optional(),
      requesterType: z.enum(['borger', 'virksomhed'], { error: 'expected borger or virksomhed' }).optional(),
      /** The citizen as the login knows them: an opaque reference from MitID, never a CPR number. */
      ref: z.string().min(1).max(200).optional(),
    })
    .optional(),
});
export type HenvendelseInput = z.infer<typeof henvendelseInput>;

export const followUpInput = z.strictObject({
  text: z.string({ error: 'expected a string' }).trim().min(1, { error: 'must not be empty' }).max(5000, { error: 'longer than 5000 characters' }),
  citizen: henvendelseInput.shape.citizen,
});

export interface IntakeOptions {
  readonly retentionDays: number;
  /** How long a request waits for its contact to be handled before answering 202. */
  readonly waitMs: number;
}

/** What the citizen (or the channel) sees of a contact. */
export interface ContactView {
  readonly id: string;
  readonly status: string;
  readonly channel: string;
  readonly createdAt: string;
  readonly decision: Record<string, unknown> | null;
  readonly next: Record<string, unknown>;
  readonly messages: ReadonlyArray<{ at: string; author: string; text: string }>;
}

/** The one intake for chat, phone transcripts and web: store durably, enqueue, wait briefly for the answer. */
export class Intake {
  constructor(
    private readonly store: ContactStore,
    private readonly queues: ContactQueues,
    private readonly waiter: HandledWaiter,
    private readonly agentQueues: AgentQueues,
    private readonly bookings: Bookings,
    private readonly events: DomainEvents,
    private readonly options: IntakeOptions,
  ) {}

  async submit(input: HenvendelseInput, idempotencyKey: string | null): Promise<{ view: ContactView; created: boolean; handled: boolean }> {
    const requestHash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
    const { contact, created } = await this.store.create({
      channel: input.channel,
      text: input.text,
      sessionId: input.sessionId ?? null,
      citizen: input.citizen ?? {},
      idempotencyKey,
      requestHash,
      retentionDays: this.options.retentionDays,
    });
    if (!created) return { view: await this.view(contact), created, handled: contact.stage === 'done' };
    this.events.publish({ type: 'contact.created', contactId: contact.id, at: contact.createdAt, data: { channel: contact.channel } });
    const handled = await this.#runAndWait(contact.id, contact.rev, 'classify');
    return { view: await this.view((await this.store.get(contact.id))!), created, handled };
  }

  /** A follow-up message. When the contact waited for a fact from the citizen, it goes through routing again. */
  async followUp(contact: Contact, text: string, citizen: Record<string, unknown> | undefined): Promise<{ view: ContactView; handled: boolean }> {
    await this.store.addMessage(contact.id, 'citizen', text, null);
    await this.store.addEvent(contact.id, 'contact.message', { author: 'citizen', chars: text.length });
    if (contact.status !== 'awaiting-citizen') return { view: await this.view((await this.store.get(contact.id))!), handled: true };
    const restarted = await this.store.restart(contact.id, 'classify', { citizen: { ...contact.citizen, ...(citizen ?? {}) }, status: 'received' });
    const handled = await this.#runAndWait(contact.id, restarted!.rev, 'classify');
    return { view: await this.view((await this.store.get(contact.id))!), handled };
  }

  async #runAndWait(contactId: string, rev: number, stage: 'classify'): Promise<boolean> {
    const { done } = this.waiter.wait(contactId, rev, this.options.waitMs);
    // Redis may be away: the contact is stored, and the recovery sweep enqueues it when Redis is back. The
    // request does not wait for that longer than it would wait for the answer.
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), this.options.waitMs)));
    const enqueued = this.queues.enqueue(stage, contactId, rev).then(
      () => 'ok' as const,
      () => 'failed' as const,
    );
    const result = await Promise.race([enqueued, gaveUp]);
    clearTimeout(timer);
    if (result !== 'ok') return false;
    return done;
  }

  async view(contact: Contact): Promise<ContactView> {
    const messages = (await this.store.messages(contact.id)).map((m) => ({ at: m.at, author: m.author, text: m.text }));
    return { id: contact.id, status: contact.status, channel: contact.channel, createdAt: contact.createdAt, decision: contact.decision, next: await this.#next(contact), messages };
  }

  async #next(contact: Contact): Promise<Record<string, unknown>> {
    if (contact.stage !== 'done') return { kind: 'processing', detail: 'Henvendelsen behandles; spørg igen om lidt.' };
    const outcome = contact.outcome as Outcome | null;
    if (!outcome) return { kind: 'processing' };
    if (outcome.kind === 'queued') {
      const entry = await this.agentQueues.entry(contact.id);
      const place = await this.agentQueues.position(contact.id);
      return { kind: 'queued', queue: entry?.queue ?? outcome.queue, state: entry?.state ?? 'waiting', ...(place ? { position: place.position, expectedWaitSeconds: Math.round(place.expectedWaitMs / 1000) } : {}) };
    }
    if (outcome.kind === 'booking-offered') {
      const free = await this.bookings.freeSlots(outcome.unit, new Date(), 5);
      return { kind: 'booking-offered', unit: outcome.unit, slots: free, book: `POST /v1/henvendelser/${contact.id}/booking {"slotId": …}` };
    }
    return { ...outcome };
  }
}
