import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logging/index.js';

export interface CapturedLogs {
  readonly logger: Logger;
  readonly lines: Array<Record<string, unknown>>;
  readonly raw: string[];
}

/** A real pino logger whose lines land in memory, parsed, for assertions. */
export function captureLogs(level: 'info' | 'debug' | 'trace' = 'debug'): CapturedLogs {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim() === '') continue;
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  return { logger: createLogger({ level, destination: stream }), lines, raw };
}
