import type { Kysely } from 'kysely';
import type { DatabaseSchema } from './schema.js';

export interface AuditEntry {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly subject: string | null;
  readonly details: Record<string, unknown>;
}

export interface NewAuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly subject?: string | null;
  readonly details?: Record<string, unknown>;
  readonly at?: Date;
}

/** Append-only record of who changed what, and when. */
export class AuditLog {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    const row = await this.db
      .insertInto('audit_log')
      .values({
        at: (entry.at ?? new Date()).toISOString(),
        actor: entry.actor,
        action: entry.action,
        subject: entry.subject ?? null,
        details: JSON.stringify(entry.details ?? {}),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toEntry(row);
  }

  /** Newest first. */
  async list(filter: { action?: string; limit?: number } = {}): Promise<AuditEntry[]> {
    let query = this.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(filter.limit ?? 100);
    if (filter.action !== undefined) query = query.where('action', '=', filter.action);
    return (await query.execute()).map(toEntry);
  }
}

function toEntry(row: { seq: number | string; at: string; actor: string; action: string; subject: string | null; details: string }): AuditEntry {
  // PostgreSQL returns bigserial as a string; the log never nears 2^53 entries.
  return { ...row, seq: Number(row.seq), details: JSON.parse(row.details) as Record<string, unknown> };
}
