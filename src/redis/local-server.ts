import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from '../logging/index.js';
import { redactUrlPassword } from '../config/index.js';

/** Nothing answers on REDIS_URL and no private server can be started. The message says how to get Redis. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
}

export interface LocalRedis {
  /** Set when this process started its own redis-server; stop() ends it. */
  readonly child?: ChildProcess;
  stop(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Answers true when a Redis server replies PONG at `url` within `timeoutMs`. */
export async function redisAnswers(url: string, timeoutMs = 1000): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export function findOnPath(command: string, pathVariable = process.env.PATH ?? ''): string | undefined {
  for (const dir of pathVariable.split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function howToGetRedis(url: string, reason: string): string {
  return (
    `Redis is not answering on ${redactUrlPassword(url)} and ${reason}. ` +
    'Install it (Debian/Ubuntu: sudo apt-get install redis-server), or run `docker compose up -d redis`, ' +
    'or point REDIS_URL at a running Redis.'
  );
}

/**
 * Makes sure Redis answers on `url`. When nothing does and the URL is on this machine, starts a private
 * `redis-server` for the life of this process (no persistence: what must survive lives in the database).
 */
export async function ensureRedis(url: string, options: { autostart: boolean; logger: Logger }): Promise<LocalRedis> {
  if (await redisAnswers(url)) return { stop: async () => undefined };
  const parsed = new URL(url);
  if (!options.autostart) throw new RedisUnavailableError(howToGetRedis(url, 'REDIS_AUTOSTART is false'));
  if (!LOOPBACK.has(parsed.hostname)) {
    throw new RedisUnavailableError(howToGetRedis(url, 'a private server is only started for a loopback address'));
  }
  const binary = findOnPath('redis-server');
  if (binary === undefined) throw new RedisUnavailableError(howToGetRedis(url, 'redis-server is not on the PATH'));

  const port = parsed.port === '' ? '6379' : parsed.port;
  const args = ['--port', port, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'];
  if (parsed.password) args.push('--requirepass', decodeURIComponent(parsed.password));
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  // Whatever way this process ends, the private server ends with it.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);

  const deadline = Date.now() + 5000;
  while (!(await redisAnswers(url, 300))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      process.removeListener('exit', killOnExit);
      throw new RedisUnavailableError(howToGetRedis(url, `the private redis-server (${binary}) did not start: ${stderr.trim() || 'no output'}`));
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  options.logger.info({ redis: redactUrlPassword(url), pid: child.pid, binary }, 'started a private redis-server for this process');

  return {
    child,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
