export { createLogger, runWithRequestId, currentRequestId } from './logger.js';
export type { Logger, LoggerOptions } from './logger.js';
