export { LoggingNotifier } from './notifier.js';
export type { Notification, Notifier } from './notifier.js';
