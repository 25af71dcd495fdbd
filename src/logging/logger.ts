import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { redactCpr } from '../privacy/index.js';

export type { Logger } from 'pino';

interface RequestContext {
  readonly requestId: string;
}

const requestContext = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with a request id that every log line written inside it (however deep) carries as `reqId`. */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return requestContext.run({ requestId }, fn);
}

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

export interface LoggerOptions {
  readonly level: LevelWithSilent;
  /** Where lines go; defaults to stdout. CLI commands whose stdout is data pass stderr (fd 2). */
  readonly destination?: DestinationStream | 1 | 2;
  readonly name?: string;
}

export function createLogger(options: LoggerOptions): Logger {
  const destination =
    typeof options.destination === 'number' || options.destination === undefined
      ? pino.destination({ dest: options.destination ?? 1, sync: true })
      : options.destination;
  return pino(
    {
      name: options.name ?? 'en-indgang',
      level: options.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin() {
        const requestId = currentRequestId();
        return requestId === undefined ? {} : { reqId: requestId };
      },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-api-key"]',
          'req.headers["x-signature"]',
          'res.headers["set-cookie"]',
          '*.password',
          '*.secret',
          '*.token',
        ],
        censor: '[redacted]',
      },
      hooks: {
        // The last line of defence: whatever a caller logs, a CPR number never reaches the log stream.
        streamWrite: (line) => redactCpr(line),
      },
    },
    destination,
  );
}
