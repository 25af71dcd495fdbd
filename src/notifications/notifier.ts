import type { Logger } from '../logging/index.js';

/** A message to a caseworker or unit outside Én Indgang (e.g. "the citizen cancelled the appointment"). */
export interface Notification {
  readonly kind: 'booking.cancelled' | 'booking.moved' | 'contact.transferred';
  /** The unit whose caseworker is told. */
  readonly unit: string;
  readonly reference: string;
  /** Short, without the citizen's words beyond what the caseworker needs (the reason for a cancellation). */
  readonly summary: string;
  readonly contactId: string | null;
}

/** The outbound notification port. Real senders (Digital Post, the fagsystem's inbox, e-mail) implement it. */
export interface Notifier {
  notify(notification: Notification): Promise<void>;
}

/** Writes the notification to the log and keeps it for inspection: the development and test implementation. */
export class LoggingNotifier implements Notifier {
  readonly sent: Notification[] = [];

  constructor(private readonly logger: Logger) {}

  async notify(notification: Notification): Promise<void> {
    this.sent.push(notification);
    if (this.sent.length > 1000) this.sent.shift();
    this.logger.info({ notification }, 'notification to caseworker');
  }
}
