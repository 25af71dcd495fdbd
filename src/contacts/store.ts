import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { isUniqueViolation, type DatabaseSchema } from '../persistence/index.js';
import { redactCpr } from '../privacy/index.js';

export type Channel = 'chat' | 'phone' | 'web';
export type Stage = 'classify' | 'route' | 'handle' | 'done';
/** Where a contact stands for the citizen. */
export type ContactStatus = 'received' | 'decided' | 'resolved' | 'queued' | 'offered' | 'assigned' | 'booking' | 'booked' | 'cancelled' | 'awaiting-citizen' | 'closed';

export interface Contact {
  readonly id: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly channel: Channel;
  readonly sessionId: string | null;
  readonly status: ContactStatus;
  readonly stage: Stage;
  readonly rev: number;
  readonly citizen: Record<string, unknown>;
  readonly classification: Record<string, unknown> | null;
  readonly decision: Record<string, unknown> | null;
  readonly outcome: Record<string, unknown> | null;
  readonly retainUntil: string;
}

export interface ContactMessage {
  readonly seq: number;
  readonly at: string;
  readonly author: 'citizen' | 'bot' | 'agent' | 'system';
  readonly text: string;
}

export interface ContactEvent {
  readonly seq: number;
  readonly at: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

export interface NewContact {
  readonly channel: Channel;
  readonly text: string;
  readonly sessionId?: string | null;
  readonly citizen?: Record<string, unknown>;
  readonly idempotencyKey?: string | null;
  /** A hash of the request, so that a reused Idempotency-Key with another body can be refused. */
  readonly requestHash?: string | null;
  readonly retentionDays: number;
  readonly now?: Date;
}

/** The same Idempotency-Key with a different request. */
export class IdempotencyConflictError extends Error {
  override readonly name = 'IdempotencyConflictError';
}

type Row = DatabaseSchema['contacts'];
const json = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));
const toContact = (row: Row): Contact => ({
  id: row.id,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  channel: row.channel as Channel,
  sessionId: row.session_id,
  status: row.status as ContactStatus,
  stage: row.stage as Stage,
  rev: Number(row.rev),
  citizen: json<Record<string, unknown>>(row.citizen) ?? {},
  classification: json(row.classification),
  decision: json(row.decision),
  outcome: json(row.outcome),
  retainUntil: row.retain_until,
});


/**
 * Henvendelser in the database: the record of truth. Every state change is conditional on the stage it comes
 * from, and every effect carries a unique key, so that a pipeline job that runs twice changes nothing the
 * second time. Texts are stored with CPR numbers redacted.
 */
export class ContactStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  /** Stores a new contact with its first message and a `contact.created` event; the same key twice gives the first. */
  async create(input: NewContact): Promise<{ contact: Contact; created: boolean }> {
    const now = (input.now ?? new Date()).toISOString();
    const id = randomUUID();
    const retainUntil = new Date((input.now ?? new Date()).getTime() + input.retentionDays * 86_400_000).toISOString();
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('contacts')
          .values({
            id,
            created_at: now,
            updated_at: now,
            channel: input.channel,
            session_id: input.sessionId ?? null,
            idempotency_key: input.idempotencyKey ?? null,
            request_hash: input.requestHash ?? null,
            status: 'received',
            stage: 'classify',
            rev: 0,
            citizen: JSON.stringify(input.citizen ?? {}),
            classification: null,
            decision: null,
            outcome: null,
            retain_until: retainUntil,
          })
          .execute();
        await trx.insertInto('contact_messages').values({ contact_id: id, at: now, author: 'citizen', text: redactCpr(input.text), dedupe_key: `${id}:first` }).execute();
        await this.#event(trx, id, 'contact.created', { channel: input.channel }, `${id}:created`, now);
      });
      return { contact: (await this.get(id))!, created: true };
    } catch (error) {
      if (!input.idempotencyKey || !isUniqueViolation(error)) throw error;
      const existing = await this.db.selectFrom('contacts').selectAll().where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
      if (!existing) throw error;
      if (input.requestHash && existing.request_hash && existing.request_hash !== input.requestHash) {
        throw new IdempotencyConflictError('Idempotency-Key was used before with a different request');
      }
      return { contact: toContact(existing), created: false };
    }
  }

  async get(id: string): Promise<Contact | undefined> {
    const row = await this.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toContact(row) : undefined;
  }

  /**
   * Moves a contact from one stage to the next with its new data and an event, only if it is still at `from`
   * (and at revision `rev`). Returns false when another run got there first.
   */
  async advance(id: string, from: Stage, rev: number, to: Stage, patch: { status?: ContactStatus; classification?: unknown; decision?: unknown; outcome?: unknown; citizen?: unknown }, event?: { type: string; data: Record<string, unknown> }): Promise<boolean> {
    const now = new Date().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('contacts')
        .set({
          stage: to,
          updated_at: now,
          ...(patch.status ? { status: patch.status } : {}),
          ...(patch.classification !== undefined ? { classification: JSON.stringify(patch.classification) } : {}),
          ...(patch.decision !== undefined ? { decision: JSON.stringify(patch.decision) } : {}),
          ...(patch.outcome !== undefined ? { outcome: JSON.stringify(patch.outcome) } : {}),
          ...(patch.citizen !== undefined ? { citizen: JSON.stringify(patch.citizen) } : {}),
        })
        .where('id', '=', id)
        .where('stage', '=', from)
        .where('rev', '=', rev)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      if (event) await this.#event(trx, id, event.type, event.data, `${id}:${rev}:${event.type}`, now);
      return true;
    });
  }

  /** Sends a contact through the pipeline again from `stage` (a follow-up gave a missing fact). */
  async restart(id: string, stage: Stage, patch: { citizen?: unknown; status?: ContactStatus }): Promise<Contact | undefined> {
    const now = new Date().toISOString();
    const current = await this.get(id);
    if (!current) return undefined;
    const result = await this.db
      .updateTable('contacts')
      .set({ stage, rev: current.rev + 1, updated_at: now, ...(patch.status ? { status: patch.status } : {}), ...(patch.citizen !== undefined ? { citizen: JSON.stringify(patch.citizen) } : {}) })
      .where('id', '=', id)
      .where('rev', '=', current.rev)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1 ? this.get(id) : this.restart(id, stage, patch);
  }

  async setStatus(id: string, status: ContactStatus, event?: { type: string; data: Record<string, unknown>; dedupeKey?: string }): Promise<void> {
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('contacts').set({ status, updated_at: now }).where('id', '=', id).execute();
      if (event) await this.#event(trx, id, event.type, event.data, event.dedupeKey ?? null, now);
    });
  }

  /** Adds a message once per dedupe key; returns false when it was there already. */
  async addMessage(contactId: string, author: ContactMessage['author'], text: string, dedupeKey: string | null): Promise<boolean> {
    const result = await this.db
      .insertInto('contact_messages')
      .values({ contact_id: contactId, at: new Date().toISOString(), author, text: redactCpr(text), dedupe_key: dedupeKey })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Records an event once per dedupe key; returns false when it was there already. */
  async addEvent(contactId: string, type: string, data: Record<string, unknown>, dedupeKey: string | null = null): Promise<boolean> {
    return this.db.transaction().execute((trx) => this.#event(trx, contactId, type, data, dedupeKey, new Date().toISOString()));
  }

  async messages(contactId: string): Promise<ContactMessage[]> {
    const rows = await this.db.selectFrom('contact_messages').select(['seq', 'at', 'author', 'text']).where('contact_id', '=', contactId).orderBy('seq').execute();
    return rows.map((r) => ({ seq: Number(r.seq), at: r.at, author: r.author as ContactMessage['author'], text: r.text }));
  }

  async events(contactId: string): Promise<ContactEvent[]> {
    const rows = await this.db.selectFrom('contact_events').select(['seq', 'at', 'type', 'data']).where('contact_id', '=', contactId).orderBy('seq').execute();
    return rows.map((r) => ({ seq: Number(r.seq), at: r.at, type: r.type, data: JSON.parse(r.data) as Record<string, unknown> }));
  }

  /** Contacts whose pipeline has not finished and that have not moved for `idleMs`: candidates for re-enqueueing. */
  async unfinished(idleMs: number, limit = 500): Promise<Array<Pick<Contact, 'id' | 'stage' | 'rev'>>> {
    const before = new Date(Date.now() - idleMs).toISOString();
    const rows = await this.db.selectFrom('contacts').select(['id', 'stage', 'rev']).where('stage', '!=', 'done').where('updated_at', '<=', before).orderBy('updated_at').limit(limit).execute();
    return rows.map((r) => ({ id: r.id, stage: r.stage as Stage, rev: Number(r.rev) }));
  }

  /** Removes the words of finished contacts past their retention date; the decisions and events stay. */
  async purgeTranscripts(now = new Date()): Promise<number> {
    const due = this.db.selectFrom('contacts').select('id').where('retain_until', '<', now.toISOString()).where('stage', '=', 'done');
    const result = await this.db.updateTable('contact_messages').set({ text: '[slettet efter opbevaringsperioden]' }).where('contact_id', 'in', due).where('text', '!=', '[slettet efter opbevaringsperioden]').executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async #event(trx: Transaction<DatabaseSchema>, contactId: string, type: string, data: Record<string, unknown>, dedupeKey: string | null, at: string): Promise<boolean> {
    const result = await trx
      .insertInto('contact_events')
      .values({ contact_id: contactId, at, type, data: JSON.stringify(data), dedupe_key: dedupeKey })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }
}
