import { Router } from 'express';
import { HttpProblem, problemTypes, sendProblem } from '../problem.js';
import { runReadinessChecks, type ReadinessCheck } from '../readiness.js';

export function healthRoutes(checks: readonly ReadinessCheck[]): Router {
  const router = Router();

  // Liveness: the process is up and its event loop turns. Deliberately asks nothing of its dependencies.
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  });

  // Readiness: may this instance take traffic? Every dependency is asked each time, so recovery shows at once.
  router.get('/readyz', async (_req, res) => {
    const report = await runReadinessChecks(checks);
    res.setHeader('Cache-Control', 'no-store');
    if (report.ready) {
      res.json({ status: 'ready', checks: report.checks });
      return;
    }
    const failing = Object.entries(report.checks)
      .filter(([, outcome]) => !outcome.ok)
      .map(([name, outcome]) => `${name}: ${'error' in outcome ? outcome.error : 'failed'}`);
    sendProblem(
      res,
      new HttpProblem(503, problemTypes.notReady, 'Not ready', `Unavailable: ${failing.join('; ')}`, { checks: report.checks }),
    );
  });

  return router;
}
