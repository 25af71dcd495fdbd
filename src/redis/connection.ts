import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../logging/index.js';
import { redactUrlPassword } from '../config/index.js';

export interface RedisConnectionOptions {
  readonly url: string;
  readonly logger?: Logger;
  /** Shown in `CLIENT LIST` and in logs. */
  readonly name: string;
  readonly options?: RedisOptions;
}

/**
 * A client that keeps reconnecting (backing off to 2 s) for as long as the process lives, so that a Redis
 * restart needs no service restart. Connection errors are logged once per outage, not once per retry.
 */
export function createRedis({ url, logger, name, options }: RedisConnectionOptions): Redis {
  const client = new Redis(url, {
    connectionName: `en-indgang:${name}`,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    ...options,
  });
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger?.warn({ redis: redactUrlPassword(url), client: name, err: { message: error.message } }, 'Redis connection failed; retrying');
  });
  client.on('ready', () => {
    if (down) logger?.info({ redis: redactUrlPassword(url), client: name }, 'Redis connection restored');
    down = false;
  });
  return client;
}

/** A client for health probes: commands fail at once while disconnected instead of waiting in a queue. */
export function createProbeClient(url: string, logger?: Logger): Redis {
  return createRedis({ url, logger, name: 'probe', options: { enableOfflineQueue: false, maxRetriesPerRequest: 0 } });
}

export async function pingRedis(client: Redis, timeoutMs = 1000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const answer = await Promise.race([client.ping(), timeout]);
    if (answer !== 'PONG') throw new Error(`unexpected answer ${JSON.stringify(answer)}`);
  } finally {
    clearTimeout(timer);
  }
}
