export { Database } from './database.js';
export type { DatabaseOptions } from './database.js';
export { AuditLog } from './audit-log.js';
export type { AuditEntry, NewAuditEntry } from './audit-log.js';
export type { DatabaseSchema, Dialect } from './schema.js';
export { migrationNames } from './migrations/index.js';
export { isUniqueViolation } from './errors.js';
