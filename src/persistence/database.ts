import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type MigrationResultSet } from 'kysely';
import pg from 'pg';
import type { Logger } from '../logging/index.js';
import { migrationProvider } from './migrations/index.js';
import type { DatabaseSchema, Dialect } from './schema.js';

export interface DatabaseOptions {
  /** `sqlite:<path>` (`sqlite::memory:` for a throw-away one) or `postgres://…`. */
  readonly url: string;
  /** PostgreSQL schema holding the tables; created when missing. Ignored for SQLite. */
  readonly schema?: string;
  readonly logger?: Logger;
}

/** One database connection (pool) with its dialect, migrations and a health probe. */
export class Database {
  private constructor(
    readonly db: Kysely<DatabaseSchema>,
    readonly dialect: Dialect,
    readonly schema: string,
    private readonly description: string,
  ) {}

  static open(options: DatabaseOptions): Database {
    if (options.url.startsWith('sqlite:')) {
      const file = options.url.slice('sqlite:'.length);
      if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      const connection = new BetterSqlite3(file);
      // WAL lets readers run beside the one writer; busy_timeout waits for a lock instead of failing at once.
      connection.pragma('journal_mode = WAL');
      connection.pragma('busy_timeout = 5000');
      connection.pragma('foreign_keys = ON');
      const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: connection }) });
      return new Database(db, 'sqlite', 'main', `sqlite:${file}`);
    }
    const schema = options.schema ?? 'public';
    const pool = new pg.Pool({
      connectionString: options.url,
      max: 10,
      connectionTimeoutMillis: 3000,
      // search_path makes every unqualified table name resolve inside the configured schema.
      options: `-c search_path=${schema}`,
    });
    // An idle client that loses its server emits 'error' on the pool; unhandled, that would end the process.
    pool.on('error', (error) => options.logger?.warn({ err: error }, 'PostgreSQL connection lost'));
    const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
    const url = new URL(options.url);
    return new Database(db, 'postgres', schema, `postgres://${url.host}${url.pathname}`);
  }

  /** Applies every pending migration. Safe to run from several nodes at once (Kysely takes a lock). */
  async migrate(): Promise<MigrationResultSet> {
    if (this.dialect === 'postgres' && this.schema !== 'public') {
      // "if not exists" alone races when several nodes start together; the advisory lock serialises them.
      await this.db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(hashtext('en-indgang:create-schema'))`.execute(trx);
        await sql`create schema if not exists ${sql.id(this.schema)}`.execute(trx);
      });
    }
    const migrator = new Migrator({
      db: this.db,
      provider: migrationProvider(this.dialect),
      ...(this.dialect === 'postgres' ? { migrationTableSchema: this.schema } : {}),
    });
    const result = await migrator.migrateToLatest();
    if (result.error) {
      const failed = result.results?.find((r) => r.status === 'Error');
      const reason = result.error instanceof Error ? result.error.message : String(result.error);
      throw new Error(`Database migration ${failed?.migrationName ?? ''} failed on ${this.description}: ${reason}`);
    }
    return result;
  }

  /** Resolves when the database answers a trivial query within `timeoutMs`; rejects with the reason otherwise. */
  async ping(timeoutMs = 2000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([sql`select 1`.execute(this.db), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Where the data lives, without credentials, for logs and /readyz. */
  toString(): string {
    return this.description;
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
