import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isUniqueViolation, type DatabaseSchema } from '../persistence/index.js';
import type { OpeningHours } from '../routing/index.js';

export interface Slot {
  readonly id: string;
  readonly unit: string;
  readonly startsAt: string;
  readonly endsAt: string;
}

export interface Booking {
  readonly id: string;
  /** What the citizen quotes: "KK-7Q4M2X". */
  readonly reference: string;
  readonly slot: Slot;
  readonly contactId: string | null;
  readonly citizenRef: string | null;
  readonly status: 'booked' | 'cancelled';
  readonly createdAt: string;
  readonly cancelledAt: string | null;
  readonly cancelReason: string | null;
}

/** The slot is taken (the database refused a second active booking). */
export class SlotTakenError extends Error {
  override readonly name = 'SlotTakenError';
}
export class BookingNotFoundError extends Error {
  override readonly name = 'BookingNotFoundError';
}

// Crockford's base32 without I, L, O, U: easy to read aloud on the phone.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export function newReference(): string {
  const bytes = randomBytes(6);
  let code = '';
  for (const byte of bytes) code += ALPHABET[byte % 32];
  return `KK-${code}`;
}


export interface CalendarOptions {
  /** Length of one appointment. */
  readonly slotMinutes: number;
  /** How many days ahead slots exist. */
  readonly daysAhead: number;
}

/**
 * Tidsbestilling: slots per unit within its opening hours (Danish holidays closed), and bookings, of which the
 * database allows one active per slot (a partial unique index), so concurrent attempts give exactly one.
 */
export class Bookings {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly hours: OpeningHours,
    private readonly options: CalendarOptions = { slotMinutes: 15, daysAhead: 14 },
  ) {}

  /** Per unit, when slots were last made in this process: the horizon then reaches far enough for an hour. */
  readonly #ensured = new Map<string, number>();

  /** Creates the unit's slots from `from` for the days ahead (idempotent: existing slots stay). */
  async ensureSlots(unit: string, from: Date = new Date()): Promise<number> {
    const last = this.#ensured.get(unit);
    if (last !== undefined && from.getTime() >= last && from.getTime() - last < 3_600_000) return 0;
    this.#ensured.set(unit, from.getTime());
    const step = this.options.slotMinutes * 60_000;
    const start = Math.ceil(from.getTime() / step) * step;
    const end = from.getTime() + this.options.daysAhead * 86_400_000;
    const rows: Array<DatabaseSchema['slots']> = [];
    for (let t = start; t < end; t += step) {
      const at = new Date(t);
      const closes = new Date(t + step - 60_000);
      // A slot exists when the unit is open at its start and at its last minute.
      if (this.hours.state(unit, at).open && this.hours.state(unit, closes).open) {
        rows.push({ id: `${unit}@${at.toISOString()}`, unit, starts_at: at.toISOString(), ends_at: new Date(t + step).toISOString() });
      }
    }
    let inserted = 0;
    for (let i = 0; i < rows.length; i += 200) {
      const result = await this.db.insertInto('slots').values(rows.slice(i, i + 200)).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
      inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    return inserted;
  }

  /** Free slots of a unit from a time on, earliest first. */
  async freeSlots(unit: string, from: Date = new Date(), limit = 10): Promise<Slot[]> {
    const rows = await this.db
      .selectFrom('slots')
      .selectAll()
      .where('unit', '=', unit)
      .where('starts_at', '>=', from.toISOString())
      .where((eb) => eb.not(eb.exists(eb.selectFrom('bookings').select('bookings.id').whereRef('bookings.slot_id', '=', 'slots.id').where('bookings.status', '=', 'booked'))))
      .orderBy('starts_at')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, unit: r.unit, startsAt: r.starts_at, endsAt: r.ends_at }));
  }

  async slot(id: string): Promise<Slot | undefined> {
    const r = await this.db.selectFrom('slots').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? { id: r.id, unit: r.unit, startsAt: r.starts_at, endsAt: r.ends_at } : undefined;
  }

  /** Books a slot; SlotTakenError when someone else holds it. */
  async book(slotId: string, who: { contactId?: string | null; citizenRef?: string | null }): Promise<Booking> {
    const slot = await this.slot(slotId);
    if (!slot) throw new BookingNotFoundError(`no slot "${slotId}"`);
    const id = randomUUID();
    for (let attempt = 0; ; attempt++) {
      try {
        await this.db
          .insertInto('bookings')
          .values({ id, reference: newReference(), slot_id: slotId, unit: slot.unit, contact_id: who.contactId ?? null, citizen_ref: who.citizenRef ?? null, status: 'booked', created_at: new Date().toISOString(), cancelled_at: null, cancel_reason: null })
          .execute();
        return (await this.get(id))!;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // The reference collided (1 in 10^9) — try another; the slot taken is final.
        const taken = await this.db.selectFrom('bookings').select('id').where('slot_id', '=', slotId).where('status', '=', 'booked').executeTakeFirst();
        if (taken || attempt >= 3) throw new SlotTakenError(`slot ${slotId} is already booked`);
      }
    }
  }

  /** Cancels a booking once; returns the booking and whether this call cancelled it. */
  async cancel(idOrReference: string, reason: string): Promise<{ booking: Booking; cancelled: boolean }> {
    const booking = await this.get(idOrReference);
    if (!booking) throw new BookingNotFoundError(`no booking "${idOrReference}"`);
    const result = await this.db
      .updateTable('bookings')
      .set({ status: 'cancelled', cancelled_at: new Date().toISOString(), cancel_reason: reason })
      .where('id', '=', booking.id)
      .where('status', '=', 'booked')
      .executeTakeFirst();
    return { booking: (await this.get(booking.id))!, cancelled: Number(result.numUpdatedRows) === 1 };
  }

  /** Moves a booking to another slot of the same unit: the new one is booked before the old one is released. */
  async move(idOrReference: string, slotId: string): Promise<Booking> {
    const booking = await this.get(idOrReference);
    if (!booking || booking.status !== 'booked') throw new BookingNotFoundError(`no active booking "${idOrReference}"`);
    const moved = await this.book(slotId, { contactId: booking.contactId, citizenRef: booking.citizenRef });
    await this.cancel(booking.id, `flyttet til ${moved.reference}`);
    return moved;
  }

  async get(idOrReference: string): Promise<Booking | undefined> {
    const row = await this.db
      .selectFrom('bookings')
      .innerJoin('slots', 'slots.id', 'bookings.slot_id')
      .select(['bookings.id', 'bookings.reference', 'bookings.contact_id', 'bookings.citizen_ref', 'bookings.status', 'bookings.created_at', 'bookings.cancelled_at', 'bookings.cancel_reason', 'slots.id as slot_id', 'slots.unit', 'slots.starts_at', 'slots.ends_at'])
      .where((eb) => eb.or([eb('bookings.id', '=', idOrReference), eb('bookings.reference', '=', idOrReference.toUpperCase())]))
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      reference: row.reference,
      slot: { id: row.slot_id, unit: row.unit, startsAt: row.starts_at, endsAt: row.ends_at },
      contactId: row.contact_id,
      citizenRef: row.citizen_ref,
      status: row.status as Booking['status'],
      createdAt: row.created_at,
      cancelledAt: row.cancelled_at,
      cancelReason: row.cancel_reason,
    };
  }

  /** The citizen's active bookings at a unit (or any unit), earliest first. */
  async activeFor(citizenRef: string, unit?: string): Promise<Booking[]> {
    let query = this.db.selectFrom('bookings').select('id').where('citizen_ref', '=', citizenRef).where('status', '=', 'booked');
    if (unit) query = query.where('unit', '=', unit);
    const ids = await query.execute();
    const bookings = await Promise.all(ids.map((r) => this.get(r.id)));
    return bookings.filter((b): b is Booking => b !== undefined).sort((x, y) => x.slot.startsAt.localeCompare(y.slot.startsAt));
  }
}
