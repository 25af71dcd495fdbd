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
import { createProbeClient, ensureRedis, pingRedis, type LocalRedis } from './redis/index.js';
import { loadRegistry, type KontaktcenterRegistry } from './registry/index.js';

export interface RunningService {
  readonly url: string;
  readonly port: number;
  readonly registry: KontaktcenterRegistry;
  readonly database: Database;
  readonly scenarios: { readonly catalog: ScenarioCatalog; readonly active: ActiveScenario };
  /** Stops taking requests, lets open ones finish, then closes Redis, the database and a private Redis. */
  stop(): Promise<void>;
}

/**
 * The composition root: loads data, opens the database and Redis, serves HTTP. Anything that fails here
 * fails start-up with a message naming the cause; what started before the failure is closed again.
 */
export async function startService(config: Config, logger: Logger): Promise<RunningService> {
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

    const app = createApp({
      logger,
      registry,
      scenarios: { catalog, active, adminTokens: config.adminTokens, onActivated: (scenario) => sync.announce(scenario) },
      readiness: [
        { name: 'database', check: () => database.ping() },
        { name: 'redis', check: () => pingRedis(redisProbe) },
      ],
    });
    const server: Server = createServer(app);
    server.listen(config.port, config.host);
    await once(server, 'listening');
    cleanups.push(() => closeServer(server, config.shutdownTimeoutMs));
    const port = (server.address() as AddressInfo).port;
    const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
    logger.info({ url, port, redis: redactUrlPassword(config.redisUrl), privateRedis: localRedis.child?.pid ?? null }, 'listening');

    return { url, port, registry, database, scenarios: { catalog, active }, stop: closeAll };
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
