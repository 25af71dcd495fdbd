import { Router, type Request } from 'express';
import { z } from 'zod';
import { diffTables, ScenarioInvalidError, type ActiveScenario, type ActiveState, type Finding, type RoutingTable, type ScenarioCatalog } from '../../routing/index.js';
import { bearerName } from '../bearer.js';
import { renderScenarioMatrix } from '../pages/scenario-matrix.js';
import { HttpProblem, parseRequestPart, problemTypes } from '../problem.js';

/** The page's default columns: the four Én Indgang variants and compositions that move many units. */
export const DEFAULT_PAGE_SCENARIOS = ['baseline-2024', 'en-indgang-kff-runde-1', 'en-indgang-kff', 'en-indgang-bif', 'hjemmepleje-samlet', 'tmf-deling-bsf', 'erhverv-ebf'];
const pageQuery = z.strictObject({ ids: z.string().max(2000).optional() });

export interface ScenarioRoutesOptions {
  readonly catalog: ScenarioCatalog;
  readonly active: ActiveScenario;
  /** Admin name → token. Empty: switching is off. */
  readonly adminTokens: ReadonlyMap<string, string>;
  /** Called after a switch, e.g. to tell the other nodes. */
  readonly onActivated?: (scenario: string) => Promise<void>;
}

const activateBody = z.strictObject({
  scenario: z.string({ error: 'expected a scenario id or a composition "variant,greb,greb+option"' }).min(1).max(500),
  reason: z.string().min(1).max(500).optional(),
});

const describe = (f: Finding) => ({ level: f.level, rule: f.rule, file: f.file, ...(f.ruleFile ? { ruleFile: f.ruleFile } : {}), message: f.message });

function stateJson(state: ActiveState) {
  return {
    scenario: state.table.scenario,
    name: state.table.name,
    variant: state.table.variant,
    greb: state.table.greb,
    activatedBy: state.activatedBy,
    activatedAt: state.activatedAt,
    reason: state.reason,
    warnings: state.table.warnings.map((w) => `[${w.rule}] ${w.message}`),
  };
}

function tableJson(table: RoutingTable) {
  return {
    scenario: table.scenario,
    name: table.name,
    file: table.file,
    variant: table.variant,
    greb: table.greb,
    operator: table.operator,
    units: [...table.units.values()],
    tasks: [...table.tasks.values()],
    ageRules: table.ageRules.map((r) => ({ id: r.id, title: r.title, threshold: r.threshold, fromThreshold: r.fromThreshold, belowThreshold: r.belowThreshold, exempt: [...r.exempt] })),
    topicsWithoutEntry: table.topicsWithoutEntry,
    warnings: table.warnings.map(describe),
  };
}

function adminOf(req: Request, tokens: ReadonlyMap<string, string>): string {
  return bearerName(req, tokens, 'admin token', 'switching the scenario is off: the service has no ADMIN_TOKENS');
}

function invalid(error: ScenarioInvalidError): HttpProblem {
  return new HttpProblem(422, problemTypes.scenarioInvalid, 'Scenario breaks a routing rule', error.message, {
    errors: error.findings.filter((f) => f.level === 'error').map(describe),
    warnings: error.findings.filter((f) => f.level === 'warning').map(describe),
  });
}

function tableOr422(catalog: ScenarioCatalog, reference: string): RoutingTable {
  try {
    return catalog.table(reference);
  } catch (error) {
    if (error instanceof ScenarioInvalidError) throw invalid(error);
    throw error;
  }
}

export function scenarioRoutes(options: ScenarioRoutesOptions): Router {
  const { catalog, active } = options;
  const router = Router();

  router.get('/v1/scenarios', (_req, res) => {
    res.json({
      active: active.current.table.scenario,
      scenarios: catalog.ids.map((id) => {
        const file = catalog.rules.scenarios.get(id)!;
        const result = catalog.compile(id);
        return {
          id,
          name: file.definition.name,
          file: file.file,
          variant: file.definition.variant,
          greb: file.definition.greb,
          valid: result.table !== undefined,
          findings: result.findings.map(describe),
        };
      }),
      variants: [...catalog.rules.variants.values()].map(({ definition: v }) => ({ id: v.id, name: v.name, status: v.status, options: Object.keys(v.options) })),
      greb: [...catalog.rules.greb.values()].map(({ definition: g }) => ({ id: g.id, kind: g.kind, area: g.area ?? null, name: g.name, status: g.status, options: Object.keys(g.options) })),
    });
  });

  router.get('/v1/scenarios/active', (_req, res) => {
    res.json(stateJson(active.current));
  });

  router.put('/v1/scenarios/active', async (req, res) => {
    const admin = adminOf(req, options.adminTokens);
    const body = parseRequestPart('body', activateBody, req.body);
    let state: ActiveState;
    try {
      state = await active.activate(body.scenario, admin, body.reason ?? null);
    } catch (error) {
      if (error instanceof ScenarioInvalidError) throw invalid(error);
      throw error;
    }
    await options.onActivated?.(body.scenario);
    res.json(stateJson(state));
  });

  // For people: the scenarios side by side (?ids=a;b;c — semicolons, since a composition holds commas).
  router.get('/scenarios', (req, res) => {
    const query = parseRequestPart('query', pageQuery, req.query);
    const ids = query.ids ? query.ids.split(';').map((id) => id.trim()).filter(Boolean) : DEFAULT_PAGE_SCENARIOS;
    if (ids.length === 0 || ids.length > 12) throw HttpProblem.invalid('query', new z.ZodError([{ code: 'custom', path: ['ids'], message: 'expected 1 to 12 scenarios separated by ;', input: query.ids }]));
    res.type('html').send(renderScenarioMatrix(catalog.registry, ids.map((id) => tableOr422(catalog, id))));
  });

  router.get('/v1/scenarios/:a/diff/:b', (req, res) => {
    res.json(diffTables(tableOr422(catalog, req.params.a), tableOr422(catalog, req.params.b)));
  });

  router.get('/v1/scenarios/:id', (req, res) => {
    const id = req.params.id;
    if (!catalog.rules.scenarios.has(id) && !id.includes(',')) throw HttpProblem.notFound(`No scenario "${id}" (a file id, or a composition "variant,greb,…")`);
    res.json(tableJson(tableOr422(catalog, id)));
  });

  return router;
}
