import type { Migration } from 'kysely';
import type { Dialect } from '../schema.js';

/** A migration that may need to know the dialect for the few types that differ (auto-increment keys). */
export type MigrationFactory = (dialect: Dialect) => Migration;
