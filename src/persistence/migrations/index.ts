import type { Migration, MigrationProvider } from 'kysely';
import type { Dialect } from '../schema.js';
import { auditLog } from './0001-audit-log.js';
import { contacts } from './0002-contacts.js';
import type { MigrationFactory } from './types.js';

/**
 * Versioned migrations, applied in name order. Never edit or reorder a released one: add the next number.
 * They are listed in code rather than read from a folder so that the built and the test build see the same set.
 */
const migrations: ReadonlyArray<readonly [string, MigrationFactory]> = [
  ['0001-audit-log', auditLog],
  ['0002-contacts', contacts],
];

export function migrationProvider(dialect: Dialect): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return Object.fromEntries(migrations.map(([name, factory]) => [name, factory(dialect)]));
    },
  };
}

export const migrationNames = migrations.map(([name]) => name);
