import { EventEmitter } from 'node:events';

/** One thing that happened to a contact: created, classified, decided, queued, offered, booked, resolved … */
export interface DomainEvent {
  readonly type: string;
  readonly contactId: string;
  readonly at: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * The in-process stream of domain events. The database's contact_events table is the durable record; this bus
 * lets listeners (metrics, logs, the console later) react without the code that makes the change knowing them.
 */
export class DomainEvents {
  readonly #emitter = new EventEmitter();

  constructor() {
    this.#emitter.setMaxListeners(50);
  }

  publish(event: DomainEvent): void {
    this.#emitter.emit(event.type, event);
    this.#emitter.emit('*', event);
  }

  /** `type` or `*` for every event; returns a function that removes the listener. */
  on(type: string, listener: (event: DomainEvent) => void): () => void {
    this.#emitter.on(type, listener);
    return () => this.#emitter.off(type, listener);
  }
}
