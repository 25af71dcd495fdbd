import type { Redis } from 'ioredis';
import type { Logger } from '../logging/index.js';
import { createRedis } from '../redis/index.js';
import type { ActiveScenario } from './active-scenario.js';

export const SCENARIO_CHANNEL = 'en-indgang:scenario:activated';

/**
 * Keeps the active scenario the same on every node: a switch is announced on Redis pub/sub and each node reads
 * the audit log again. A slow poll backs the announcement up, so a message lost while Redis was down does not
 * leave a node on the old table for more than `pollMs`.
 */
export class ScenarioSync {
  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly timer: NodeJS.Timeout,
  ) {}

  static async start(url: string, active: ActiveScenario, logger: Logger, pollMs = 30_000): Promise<ScenarioSync> {
    const publisher = createRedis({ url, logger, name: 'scenario-publisher' });
    const subscriber = createRedis({ url, logger, name: 'scenario-subscriber' });
    const refresh = () => {
      active.refresh().catch((error: unknown) => logger.warn({ err: error }, 'could not read the active scenario'));
    };
    subscriber.on('message', refresh);
    // Resubscribes by itself after a reconnect (ioredis autoResubscribe); catch up on what was missed meanwhile.
    subscriber.on('ready', refresh);
    subscriber.subscribe(SCENARIO_CHANNEL).catch((error: unknown) => logger.warn({ err: error }, 'could not subscribe to scenario switches'));
    const timer = setInterval(refresh, pollMs).unref();
    return new ScenarioSync(publisher, subscriber, timer);
  }

  /** Tells the other nodes; a failure only delays them until their next poll. */
  async announce(scenario: string): Promise<void> {
    await this.publisher.publish(SCENARIO_CHANNEL, scenario).catch(() => undefined);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }
}
