import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config/index.js';
import { startService, type RunningService } from '../../src/service.js';
import { testDatabaseTarget, type TestDatabaseTarget } from './database.js';
import { captureLogs, type CapturedLogs } from './logs.js';

export interface TestService {
  readonly service: RunningService;
  readonly target: TestDatabaseTarget;
  readonly logs: CapturedLogs;
  readonly prefix: string;
  stop(): Promise<void>;
}

/**
 * A Wednesday morning in Copenhagen, inside every unit's opening hours: routing decisions in these tests are made
 * for it, so that a viderestilling stays a viderestilling whatever the hour the tests run (after closing time the
 * same contact is offered a booking or a call-back instead; test/routing covers that).
 */
export const DURING_OPENING_HOURS = new Date('2026-12-02T10:00:00+01:00');

/** The whole service in this process on a fresh database and its own BullMQ key prefix, against the real Redis. */
export async function startTestService(env: Record<string, string> = {}): Promise<TestService> {
  const target = testDatabaseTarget();
  const logs = captureLogs('info');
  const prefix = `t-${randomBytes(4).toString('hex')}`;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: target.url,
    DATABASE_SCHEMA: target.schema,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_AUTOSTART: 'false',
    QUEUE_PREFIX: prefix,
    ...env,
  });
  const service = await startService(config, logs.logger, { http: true }, { decisionClock: () => DURING_OPENING_HOURS });
  return {
    service,
    target,
    logs,
    prefix,
    async stop() {
      await service.stop();
      await target.cleanup();
    },
  };
}
