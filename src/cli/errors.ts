import { ConfigError } from '../config/index.js';
import { RegistryError } from '../registry/index.js';
import { RedisUnavailableError } from '../redis/index.js';

/** Errors whose message is the whole story for a person at a terminal: print it, no stack. */
export function isExplainedError(error: unknown): error is Error {
  return error instanceof ConfigError || error instanceof RegistryError || error instanceof RedisUnavailableError;
}

/** Prints one line on stderr and ends the process: 2 for bad configuration, 1 for anything else. */
export function exitWithError(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`en-indgang: ${message}\n`);
  if (!isExplainedError(error) && error instanceof Error && error.stack && process.env.LOG_LEVEL === 'debug') {
    process.stderr.write(`${error.stack}\n`);
  }
  process.exit(error instanceof ConfigError ? 2 : 1);
}
