import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from './types.js';

/**
 * Henvendelser and what happens to them. Every effect that must happen once has a unique key here
 * (idempotency key, message dedupe key, one waiting entry per contact, one active booking per slot), so that a
 * job that runs twice cannot do it twice.
 */
export const contacts: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    const serial = dialect === 'postgres' ? 'bigserial' : 'integer';
    const key = (col: import('kysely').ColumnDefinitionBuilder) => (dialect === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement());

    await db.schema
      .createTable('contacts')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .addColumn('channel', 'text', (col) => col.notNull())
      .addColumn('session_id', 'text')
      .addColumn('idempotency_key', 'text', (col) => col.unique())
      .addColumn('request_hash', 'text')
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('stage', 'text', (col) => col.notNull())
      .addColumn('rev', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('citizen', 'text', (col) => col.notNull().defaultTo('{}'))
      .addColumn('classification', 'text')
      .addColumn('decision', 'text')
      .addColumn('outcome', 'text')
      .addColumn('retain_until', 'text', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('contacts_stage').on('contacts').columns(['stage', 'created_at']).execute();

    await db.schema
      .createTable('contact_messages')
      .addColumn('seq', serial, key)
      .addColumn('contact_id', 'text', (col) => col.notNull().references('contacts.id').onDelete('cascade'))
      .addColumn('at', 'text', (col) => col.notNull())
      .addColumn('author', 'text', (col) => col.notNull())
      .addColumn('text', 'text', (col) => col.notNull())
      .addColumn('dedupe_key', 'text', (col) => col.unique())
      .execute();
    await db.schema.createIndex('contact_messages_contact').on('contact_messages').columns(['contact_id', 'seq']).execute();

    await db.schema
      .createTable('contact_events')
      .addColumn('seq', serial, key)
      .addColumn('contact_id', 'text', (col) => col.notNull().references('contacts.id').onDelete('cascade'))
      .addColumn('at', 'text', (col) => col.notNull())
      .addColumn('type', 'text', (col) => col.notNull())
      .addColumn('data', 'text', (col) => col.notNull().defaultTo('{}'))
      .addColumn('dedupe_key', 'text', (col) => col.unique())
      .execute();
    await db.schema.createIndex('contact_events_contact').on('contact_events').columns(['contact_id', 'seq']).execute();

    // Viderestilling: one waiting entry per contact, in a queue per first line and unit.
    await db.schema
      .createTable('waiting')
      .addColumn('contact_id', 'text', (col) => col.primaryKey().references('contacts.id').onDelete('cascade'))
      .addColumn('queue', 'text', (col) => col.notNull())
      .addColumn('team', 'text', (col) => col.notNull())
      .addColumn('enqueued_at', 'text', (col) => col.notNull())
      .addColumn('state', 'text', (col) => col.notNull())
      .addColumn('escalation', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('agent_id', 'text')
      .addColumn('offer_expires_at', 'text')
      .addColumn('declined_by', 'text', (col) => col.notNull().defaultTo('[]'))
      .addColumn('note', 'text')
      .execute();
    await db.schema.createIndex('waiting_queue').on('waiting').columns(['queue', 'state', 'enqueued_at']).execute();

    await db.schema
      .createTable('agents')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('teams', 'text', (col) => col.notNull())
      .addColumn('capacity', 'integer', (col) => col.notNull())
      .addColumn('available', 'integer', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .execute();

    // Tidsbestilling: slots per unit; at most one active booking per slot, enforced by the database.
    await db.schema
      .createTable('slots')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('unit', 'text', (col) => col.notNull())
      .addColumn('starts_at', 'text', (col) => col.notNull())
      .addColumn('ends_at', 'text', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('slots_unit_start').on('slots').columns(['unit', 'starts_at']).unique().execute();
    await db.schema
      .createTable('bookings')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('reference', 'text', (col) => col.notNull().unique())
      .addColumn('slot_id', 'text', (col) => col.notNull().references('slots.id'))
      .addColumn('unit', 'text', (col) => col.notNull())
      .addColumn('contact_id', 'text')
      .addColumn('citizen_ref', 'text')
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('cancelled_at', 'text')
      .addColumn('cancel_reason', 'text')
      .execute();
    // Partial unique index: both SQLite and PostgreSQL have them.
    await sql`create unique index bookings_one_active_per_slot on bookings (slot_id) where status = 'booked'`.execute(db);
    await db.schema.createIndex('bookings_citizen').on('bookings').columns(['citizen_ref', 'status']).execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['bookings', 'slots', 'agents', 'waiting', 'contact_events', 'contact_messages', 'contacts']) await db.schema.dropTable(table).execute();
  },
});
