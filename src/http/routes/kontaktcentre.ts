import { Router } from 'express';
import { z } from 'zod';
import type { KontaktcenterRegistry } from '../../registry/index.js';
import { HttpProblem, parseRequestPart } from '../problem.js';

export function kontaktcentreRoutes(registry: KontaktcenterRegistry): Router {
  const router = Router();
  const codes = registry.forvaltninger.map((f) => f.code);
  const listQuery = z.strictObject({
    forvaltning: z.enum(codes as [string, ...string[]], { error: `expected one of ${codes.join(', ')}` }).optional(),
    group: z.string().min(1).optional(),
    audience: z.enum(['borgere', 'virksomheder', 'begge']).optional(),
  });

  router.get('/v1/kontaktcentre', (req, res) => {
    const query = parseRequestPart('query', listQuery, req.query);
    const items = registry.kontaktcentre.filter(
      (entry) =>
        (query.forvaltning === undefined || entry.forvaltning === query.forvaltning) &&
        (query.group === undefined || entry.group === query.group) &&
        (query.audience === undefined || entry.audience === query.audience),
    );
    const forvaltninger = registry.forvaltninger
      .map((f) => ({ code: f.code, name: f.name, count: items.filter((entry) => entry.forvaltning === f.code).length }))
      .filter((f) => f.count > 0);
    res.json({
      count: items.length,
      groups: new Set(items.map((entry) => entry.group)).size,
      forvaltninger,
      kontaktcentre: items,
    });
  });

  router.get('/v1/kontaktcentre/:id', (req, res) => {
    const entry = registry.get(req.params.id);
    if (entry === undefined) throw HttpProblem.notFound(`No kontaktcenter with id "${req.params.id}"`);
    res.json({ ...entry, forvaltningName: registry.forvaltning(entry.forvaltning)?.name ?? null, unitsInGroup: registry.unitsOf(entry.group).map((u) => u.id) });
  });

  return router;
}
