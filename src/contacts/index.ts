export { ContactStore, IdempotencyConflictError } from './store.js';
export type { Channel, Contact, ContactEvent, ContactMessage, ContactStatus, NewContact, Stage } from './store.js';
