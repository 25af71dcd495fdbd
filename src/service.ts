import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import type { Config } from './config/index.js';
import { redactUrlPassword } from './config/index.js';
import { createApp } from './http/index.js';
import type { Logger } from './logging/index.js';
import { loadKnowledgeBase } from './knowledge-base/index.js';
import { AuditLog, Database } from './persistence/index.js';
import { ActiveScenario, ScenarioCatalog, ScenarioSync } from './routing/index.js';
import { Bookings } from './booking/index.js';
import { ContactStore } from './contacts/index.js';
import { DomainEvents } from './events/index.js';
import { FagsystemRegistry, demoFagsystemer } from './fagsystemer/index.js';
import { Intake } from './intake/index.js';
import { ServiceMetrics } from './metrics/index.js';
import { LoggingNotifier, type Notifier } from './notifications/index.js';
import { ContactQueues, ContactStages, HandledWaiter, PipelineRecovery, PipelineWorkers } from './pipeline/index.js';
import { Triage } from './triage/index.js';
import { AgentQueues, defaultAgentQueueOptions } from './viderestilling/index.js';
import { createRedis } from './redis/index.js';
import { createProbeClient, ensureRedis, pingRedis, type LocalRedis } from './redis/index.js';
import { loadRegistry, type KontaktcenterRegistry } from './registry/index.js';

export interface RunningService {
  readonly url: string;
  readonly port: number;
  readonly registry: KontaktcenterRegistry;
  readonly database: Database;
  readonly scenarios: { readonly catalog: ScenarioCatalog; readonly active: ActiveScenario };
  readonly events: DomainEvents;
  readonly notifier: Notifier;
  readonly store: ContactStore;
  readonly bookings: Bookings;
  readonly agentQueues: AgentQueues;
  readonly recovery: PipelineRecovery;
  /** Stops taking requests, lets open ones finish, then closes Redis, the database and a private Redis. */
  stop(): Promise<void>;
}

/**
 * The composition root: loads data, opens the database and Redis, serves HTTP. Anything that fails here
 * fails start-up with a message naming the cause; what started before the failure is closed again.
 */
export interface ServiceRoles {
  /** Serve HTTP (false: a worker-only process, `en-indgang worker`). */
  readonly http: boolean;
}

export interface ServiceOptions {
  /** The time routing decisions are made for; absent: now. For tests that must not depend on the hour they run. */
  readonly decisionClock?: () => Date;
}

export async function startService(config: Config, logger: Logger, roles: ServiceRoles = { http: true }, options: ServiceOptions = {}): Promise<RunningService> {
  const cleanups: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    // Newest first; splice empties the list so that a second stop() does nothing.
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => logger.warn({ err: error }, 'error during shutdown'));
    }
  };
  try {
    const registry = await loadRegistry(config.knowledgeBaseDir);
    logger.info(
      { kontaktcentre: registry.kontaktcentre.length, groups: registry.groups.length, forvaltninger: registry.forvaltninger.length },
      'registry loaded',
    );

    const knowledgeBase = await loadKnowledgeBase(config.knowledgeBaseDir, registry);
    const catalog = await ScenarioCatalog.load(config.routingRulesDir, config.knowledgeBaseDir, registry, knowledgeBase);
    logger.info({ intents: knowledgeBase.intents.length, scenarios: catalog.ids.length, greb: catalog.rules.greb.size }, 'knowledge base and routing rules loaded');

    const database = Database.open({ url: config.databaseUrl, schema: config.databaseSchema, logger });
    cleanups.push(() => database.close());
    const migrations = await database.migrate();
    logger.info({ database: database.toString(), applied: migrations.results?.map((r) => r.migrationName) ?? [] }, 'database ready');

    const localRedis: LocalRedis = await ensureRedis(config.redisUrl, { autostart: config.redisAutostart, logger });
    cleanups.push(() => localRedis.stop());
    const redisProbe = createProbeClient(config.redisUrl, logger);
    cleanups.push(async () => {
      redisProbe.disconnect();
    });

    const active = await ActiveScenario.start(catalog, new AuditLog(database.db), logger, config.routingScenario);
    logger.info({ scenario: active.current.table.scenario, activatedBy: active.current.activatedBy }, 'routing by scenario');
    const sync = await ScenarioSync.start(config.redisUrl, active, logger);
    cleanups.push(() => sync.stop());

    // The contact pipeline: durable state in the database, steps on BullMQ.
    const events = new DomainEvents();
    const store = new ContactStore(database.db);
    const bookings = new Bookings(database.db, active.current.table.hours);
    const goals = catalog.rules.serviceGoals.definition;
    const agentQueues = new AgentQueues(database.db, {
      ...defaultAgentQueueOptions,
      serviceGoalMs: goals.default.minutes * 60_000,
      unitServiceGoalsMs: new Map(Object.entries(goals.units).map(([unit, minutes]) => [unit, minutes * 60_000])),
    });
    const notifier = new LoggingNotifier(logger);
    const metrics = new ServiceMetrics(events, agentQueues);
    const queueConnection = createRedis({ url: config.redisUrl, logger, name: 'queues', options: { maxRetriesPerRequest: null } });
    const queues = new ContactQueues(queueConnection, config.queuePrefix, logger);
    cleanups.push(async () => {
      await queues.close();
      queueConnection.disconnect();
    });
    const pipelineOptions = { redisUrl: config.redisUrl, prefix: config.queuePrefix, logger };
    if (config.workers) {
      const trainingStarted = performance.now();
      const triage = await Triage.load(config.knowledgeBaseDir, registry, { knowledgeBase, modelCacheDir: config.modelCacheDir });
      logger.info({ examples: triage.knowledgeBase.exampleCount, ms: Math.round(performance.now() - trainingStarted), fromCache: triage.modelFromCache }, triage.modelFromCache ? 'classifier loaded from the model cache' : 'classifier trained');
      const stages = new ContactStages({
        store,
        triage,
        active,
        bookings,
        queues: agentQueues,
        fagsystemer: new FagsystemRegistry(demoFagsystemer()),
        notifier,
        events,
        logger,
        ...(options.decisionClock ? { decisionClock: options.decisionClock } : {}),
      });
      const workers = new PipelineWorkers(stages, queues, pipelineOptions, (stage, ms) => metrics.stageSeconds.observe({ stage }, ms / 1000));
      cleanups.push(() => workers.close());
      // Offers to serviceformidlere, timeouts and escalation: a conditional update per contact, safe on several nodes.
      const dispatcher = config.dispatchIntervalMs <= 0 ? undefined : setInterval(() => {
        agentQueues.dispatch().then(
          async (offers) => {
            for (const offer of offers) {
              await store.setStatus(offer.contactId, 'offered', { type: 'contact.offered', data: { agentId: offer.agentId, queue: offer.queue, expiresAt: offer.expiresAt } });
              events.publish({ type: 'contact.offered', contactId: offer.contactId, at: new Date().toISOString(), data: { status: 'offered', agentId: offer.agentId } });
            }
          },
          (error: unknown) => logger.debug({ err: { message: (error as Error).message } }, 'dispatch round failed'),
        );
      }, config.dispatchIntervalMs).unref();
      const retention = setInterval(() => void store.purgeTranscripts().catch(() => undefined), 3_600_000).unref();
      cleanups.push(async () => {
        clearInterval(dispatcher);
        clearInterval(retention);
      });
    }
    const recovery = new PipelineRecovery(store, queues, logger);
    cleanups.push(async () => recovery.stop());
    void recovery.sweep();

    let url = '';
    let port = 0;
    if (roles.http) {
      const waiter = new HandledWaiter(pipelineOptions);
      await waiter.ready();
      cleanups.push(() => waiter.close());
      const intake = new Intake(store, queues, waiter, agentQueues, bookings, events, { retentionDays: config.transcriptRetentionDays, waitMs: config.intakeWaitMs });
      const app = createApp({
        logger,
        registry,
        metrics,
        scenarios: { catalog, active, adminTokens: config.adminTokens, onActivated: (scenario) => sync.announce(scenario) },
        henvendelser: { intake, store, bookings, agentQueues, registry, events, agentTokens: config.agentTokens, adminTokens: config.adminTokens },
        readiness: [
          { name: 'database', check: () => database.ping() },
          { name: 'redis', check: () => pingRedis(redisProbe) },
        ],
      });
      const server: Server = createServer(app);
      server.listen(config.port, config.host);
      await once(server, 'listening');
      cleanups.push(() => closeServer(server, config.shutdownTimeoutMs));
      port = (server.address() as AddressInfo).port;
      url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
      logger.info({ url, port, redis: redactUrlPassword(config.redisUrl), privateRedis: localRedis.child?.pid ?? null, workers: config.workers }, 'listening');
    } else {
      logger.info({ redis: redactUrlPassword(config.redisUrl) }, 'worker running');
    }

    return { url, port, registry, database, scenarios: { catalog, active }, events, notifier, store, bookings, agentQueues, recovery, stop: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

async function closeServer(server: Server, timeoutMs: number): Promise<void> {
  const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), timeoutMs).unref();
  try {
    await closed;
  } finally {
    clearTimeout(timer);
  }
}
