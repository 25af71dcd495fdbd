import type { Generated } from 'kysely';

/** Tables as the application sees them. Timestamps are ISO-8601 UTC strings, JSON is text: portable across SQLite and PostgreSQL. */
export interface AuditLogTable {
  seq: Generated<number>;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  details: string;
}

export interface ContactsTable {
  id: string;
  created_at: string;
  updated_at: string;
  channel: string;
  session_id: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
  status: string;
  /** The next pipeline stage to run: classify, route, handle, or done. */
  stage: string;
  /** Bumped when a follow-up sends the contact through the pipeline again; part of every job id. */
  rev: number;
  citizen: string;
  classification: string | null;
  decision: string | null;
  outcome: string | null;
  retain_until: string;
}

export interface ContactMessagesTable {
  seq: Generated<number>;
  contact_id: string;
  at: string;
  author: string;
  text: string;
  dedupe_key: string | null;
}

export interface ContactEventsTable {
  seq: Generated<number>;
  contact_id: string;
  at: string;
  type: string;
  data: string;
  dedupe_key: string | null;
}

export interface WaitingTable {
  contact_id: string;
  queue: string;
  team: string;
  enqueued_at: string;
  state: string;
  escalation: number;
  agent_id: string | null;
  offer_expires_at: string | null;
  declined_by: string;
  note: string | null;
}

export interface AgentsTable {
  id: string;
  name: string;
  teams: string;
  capacity: number;
  available: number;
  updated_at: string;
}

export interface SlotsTable {
  id: string;
  unit: string;
  starts_at: string;
  ends_at: string;
}

export interface BookingsTable {
  id: string;
  reference: string;
  slot_id: string;
  unit: string;
  contact_id: string | null;
  citizen_ref: string | null;
  status: string;
  created_at: string;
  cancelled_at: string | null;
  cancel_reason: string | null;
}

export interface DatabaseSchema {
  audit_log: AuditLogTable;
  contacts: ContactsTable;
  contact_messages: ContactMessagesTable;
  contact_events: ContactEventsTable;
  waiting: WaitingTable;
  agents: AgentsTable;
  slots: SlotsTable;
  bookings: BookingsTable;
}

export type Dialect = 'sqlite' | 'postgres';
