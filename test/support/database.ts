import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Database } from '../../src/persistence/index.js';

/** PostgreSQL for tests: the machine's server (trust auth, database `test`). */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type Backend = 'sqlite' | 'postgres';

/** The backend the whole suite runs on: PostgreSQL when DATABASE_URL names one, else SQLite. */
export const suiteBackend: Backend = process.env.DATABASE_URL?.startsWith('postgres') ? 'postgres' : 'sqlite';

export interface TestDatabaseTarget {
  readonly url: string;
  readonly schema: string;
  /** Drops what the test made: the schema (PostgreSQL) or the temp folder (SQLite). */
  cleanup(): Promise<void>;
}

/** A fresh, empty place for one test file's tables: a new schema or a new SQLite file. */
export function testDatabaseTarget(backend: Backend = suiteBackend): TestDatabaseTarget {
  if (backend === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'en-indgang-test-'));
    return { url: `sqlite:${path.join(dir, 'test.sqlite')}`, schema: 'public', cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const url = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : TEST_POSTGRES_URL;
  const schema = `t_${randomBytes(6).toString('hex')}`;
  return {
    url,
    schema,
    async cleanup() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

export async function openTestDatabase(backend: Backend = suiteBackend): Promise<{ database: Database; target: TestDatabaseTarget }> {
  const target = testDatabaseTarget(backend);
  const database = Database.open({ url: target.url, schema: target.schema });
  await database.migrate();
  return { database, target };
}
