import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { AuditLog, Database, migrationNames } from '../src/persistence/index.js';
import { testDatabaseTarget, type Backend, type TestDatabaseTarget } from './support/database.js';

// The data-access layer runs on both backends in every test run, whatever DATABASE_URL says.
describe.each<Backend>(['sqlite', 'postgres'])('persistence on %s', (backend) => {
  let target: TestDatabaseTarget;
  let database: Database;

  beforeAll(async () => {
    target = testDatabaseTarget(backend);
    database = Database.open({ url: target.url, schema: target.schema });
  });
  afterAll(async () => {
    await database?.close();
    await target?.cleanup();
  });

  it('applies the versioned migrations once, and again is a no-op', async () => {
    const first = await database.migrate();
    expect(first.results?.map((r) => [r.migrationName, r.status])).toEqual(migrationNames.map((name) => [name, 'Success']));
    const second = await database.migrate();
    expect(second.results).toEqual([]);
  });

  // SQLite is one node by definition.
  it.skipIf(backend === 'sqlite')('several nodes migrating the same empty database at once end with one schema', async () => {
    const shared = testDatabaseTarget('postgres');
    const nodes = [0, 1, 2].map(() => Database.open({ url: shared.url, schema: shared.schema }));
    try {
      const results = await Promise.all(nodes.map((node) => node.migrate()));
      const applied = results.flatMap((r) => r.results ?? []).filter((r) => r.status === 'Success');
      expect(applied.map((r) => r.migrationName)).toEqual(migrationNames);
    } finally {
      await Promise.all(nodes.map((node) => node.close()));
      await shared.cleanup();
    }
  });

  it('answers the health probe', async () => {
    await expect(database.ping()).resolves.toBeUndefined();
  });

  it('appends audit entries and lists them newest first, with JSON details intact', async () => {
    const log = new AuditLog(database.db);
    await log.append({ actor: 'admin@kk.dk', action: 'scenario.switch', subject: 'en-indgang-kff', details: { from: 'baseline-2024', note: 'Runde 2 – æøå' } });
    await log.append({ actor: 'system', action: 'startup', at: new Date('2026-12-01T08:00:00Z') });
    const entries = await log.list();
    expect(entries.map((e) => e.action)).toEqual(['startup', 'scenario.switch']);
    expect(entries[1]).toMatchObject({ actor: 'admin@kk.dk', subject: 'en-indgang-kff', details: { from: 'baseline-2024', note: 'Runde 2 – æøå' } });
    expect(entries[0]!.at).toBe('2026-12-01T08:00:00.000Z');
    expect(entries[0]!.seq).toBeGreaterThan(entries[1]!.seq);
    expect(await log.list({ action: 'scenario.switch' })).toHaveLength(1);
  });

  it('keeps the sequence strictly increasing under concurrent appends', async () => {
    const log = new AuditLog(database.db);
    const written = await Promise.all(Array.from({ length: 50 }, (_, i) => log.append({ actor: `agent-${i}`, action: 'concurrency' })));
    expect(new Set(written.map((e) => e.seq)).size).toBe(50);
    const listed = await log.list({ action: 'concurrency', limit: 100 });
    expect(listed).toHaveLength(50);
    const seqs = listed.map((e) => e.seq);
    expect([...seqs].sort((a, b) => b - a)).toEqual(seqs);
  });

  it.skipIf(backend === 'sqlite')('keeps its tables inside the configured schema', async () => {
    const rows = await sql<{ table_schema: string }>`select table_schema from information_schema.tables where table_name = 'audit_log' and table_schema = ${target.schema}`.execute(database.db);
    expect(rows.rows).toHaveLength(1);
  });
});
