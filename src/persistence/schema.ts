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

export interface DatabaseSchema {
  audit_log: AuditLogTable;
}

export type Dialect = 'sqlite' | 'postgres';
