export { DomainEvents } from './domain-events.js';
export type { DomainEvent } from './domain-events.js';
