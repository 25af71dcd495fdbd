import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import { runWithRequestId, type Logger } from '../logging/index.js';
import type { KontaktcenterRegistry } from '../registry/index.js';
import { notFoundHandler, problemHandler } from './problem.js';
import type { ReadinessCheck } from './readiness.js';
import { healthRoutes } from './routes/health.js';
import { kontaktcentreRoutes } from './routes/kontaktcentre.js';
import { scenarioRoutes, type ScenarioRoutesOptions } from './routes/scenarios.js';
import { henvendelseRoutes, type HenvendelseRoutesOptions } from './routes/henvendelser.js';
import type { ServiceMetrics } from '../metrics/index.js';

export interface AppDependencies {
  readonly logger: Logger;
  readonly registry: KontaktcenterRegistry;
  readonly readiness: readonly ReadinessCheck[];
  /** The ressort scenarios and the active one; absent in apps built without routing. */
  readonly scenarios?: ScenarioRoutesOptions;
  /** The intake API, bookings and queues; absent in apps built without the pipeline. */
  readonly henvendelser?: HenvendelseRoutesOptions;
  readonly metrics?: ServiceMetrics;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The HTTP surface. Pure wiring: every capability comes in through `deps`, so tests build it with real parts. */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.set('query parser', 'simple');

  // A caller's X-Request-Id is kept (so a voicebot's id joins our logs); otherwise one is made.
  app.use((req, res, next) => {
    const given = req.header('x-request-id');
    const requestId = given !== undefined && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    runWithRequestId(requestId, next);
  });
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (_req, res) => String(res.getHeader('X-Request-Id')),
      // Probes every few seconds would drown the log.
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  if (deps.metrics) {
    const histogram = deps.metrics.httpSeconds;
    app.use((req, res, next) => {
      const end = histogram.startTimer();
      // The route pattern, not the URL: ids would make a label per contact.
      res.on('finish', () => end({ method: req.method, route: req.route?.path ? String(req.route.path) : 'unmatched', status: String(res.statusCode) }));
      next();
    });
    const registry = deps.metrics.registry;
    app.get('/metrics', async (_req, res) => {
      res.type(registry.contentType).send(await registry.metrics());
    });
  }
  app.use(express.json({ limit: '64kb' }));

  app.use(healthRoutes(deps.readiness));
  app.use(kontaktcentreRoutes(deps.registry));
  if (deps.scenarios) app.use(scenarioRoutes(deps.scenarios));
  if (deps.henvendelser) app.use(henvendelseRoutes(deps.henvendelser));

  app.use(notFoundHandler);
  app.use(problemHandler(deps.logger));
  return app;
}
