import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { loadKnowledgeBase } from '../../knowledge-base/index.js';
import { loadRegistry } from '../../registry/index.js';
import { diffTables, ScenarioCatalog, type Finding, type TableDiff } from '../../routing/index.js';
import { Triage } from '../../triage/index.js';
import { exitWithError } from '../errors.js';
import { printTable } from '../table.js';

async function loadCatalog(): Promise<ScenarioCatalog> {
  const config = loadConfig();
  const registry = await loadRegistry(config.knowledgeBaseDir);
  const knowledgeBase = await loadKnowledgeBase(config.knowledgeBaseDir, registry);
  return ScenarioCatalog.load(config.routingRulesDir, config.knowledgeBaseDir, registry, knowledgeBase);
}

const describeFinding = (f: Finding) => `${f.level}: ${f.file}: [${f.rule}] ${f.message}${f.ruleFile ? ` (rule in ${f.ruleFile})` : ''}`;

export function registerScenarios(program: Command): void {
  const scenarios = program.command('scenarios').description('routing rules per ressort scenario (routing-rules/)');

  scenarios
    .command('list')
    .description('the scenario files, with their variant, greb and whether they validate')
    .option('--json', 'one JSON object per line')
    .action(async (options: { json?: boolean }) => {
      try {
        const catalog = await loadCatalog();
        const rows = catalog.ids.map((id) => {
          const file = catalog.rules.scenarios.get(id)!.definition;
          const result = catalog.compile(id);
          const errors = result.findings.filter((f) => f.level === 'error').length;
          const warnings = result.findings.length - errors;
          return { id, name: file.name, variant: file.variant, greb: file.greb, valid: errors === 0, errors, warnings };
        });
        if (options.json) for (const row of rows) process.stdout.write(`${JSON.stringify(row)}\n`);
        else {
          printTable(
            ['ID', 'VARIANT', 'GREB', 'STATUS', 'NAME'],
            rows.map((r) => [r.id, r.variant, r.greb.join(',') || '-', r.valid ? (r.warnings ? `valid, ${r.warnings} warning(s)` : 'valid') : `INVALID (${r.errors})`, r.name]),
          );
        }
        process.stderr.write(`${rows.length} scenarios, ${catalog.rules.variants.size} Én Indgang variants, ${catalog.rules.greb.size} greb\n`);
      } catch (error) {
        exitWithError(error);
      }
    });

  scenarios
    .command('validate [id]')
    .description('validate one scenario (file id or composition "variant,greb,greb+option") or, without an id, every scenario file')
    .action(async (id: string | undefined) => {
      try {
        const catalog = await loadCatalog();
        const ids = id === undefined ? catalog.ids : [id];
        let invalid = 0;
        for (const scenario of ids) {
          const result = catalog.compile(scenario);
          const errors = result.findings.filter((f) => f.level === 'error');
          if (errors.length > 0) invalid++;
          process.stdout.write(`${scenario}: ${errors.length > 0 ? 'INVALID' : 'valid'}\n`);
          for (const finding of result.findings) process.stdout.write(`  ${describeFinding(finding)}\n`);
        }
        process.stderr.write(`${ids.length - invalid} of ${ids.length} valid\n`);
        if (invalid > 0) process.exitCode = 1;
      } catch (error) {
        exitWithError(error);
      }
    });

  scenarios
    .command('diff <a> <b>')
    .description('what changes for the citizens from scenario A to scenario B: case owner and first line per unit, tasks, citizen rules')
    .option('--json', 'the diff as one JSON object')
    .action(async (a: string, b: string, options: { json?: boolean }) => {
      try {
        const catalog = await loadCatalog();
        const diff = diffTables(catalog.table(a), catalog.table(b));
        if (options.json) process.stdout.write(`${JSON.stringify(diff)}\n`);
        else printDiff(diff);
        process.stderr.write(`${diff.units.length} units, ${diff.tasks.length} tasks, ${diff.rules.length} citizen rules change\n`);
      } catch (error) {
        exitWithError(error);
      }
    });

  scenarios
    .command('explain <id>')
    .description('route one query under a scenario and show why')
    .requiredOption('--text <text>', 'the citizen\'s query')
    .option('--age <n>', 'the citizen\'s age', (v) => Number.parseInt(v, 10))
    .option('--bydel <id>', 'the citizen\'s bydel (e.g. amager-vest)')
    .option('--requester-type <type>', 'borger or virksomhed')
    .option('--at <iso>', 'the time of the contact (default: now)')
    .option('--json', 'the decision as one JSON object')
    .action(async (id: string, options: { text: string; age?: number; bydel?: string; requesterType?: string; at?: string; json?: boolean }) => {
      try {
        const at = options.at === undefined ? new Date() : new Date(options.at);
        if (Number.isNaN(at.getTime())) throw new Error(`--at: "${options.at}" is not a date and time (e.g. 2026-12-24T23:00:00+01:00)`);
        if (options.age !== undefined && (!Number.isInteger(options.age) || options.age < 0 || options.age > 130)) throw new Error('--age: expected a whole number from 0 to 130');
        if (options.requesterType !== undefined && options.requesterType !== 'borger' && options.requesterType !== 'virksomhed') throw new Error('--requester-type: expected borger or virksomhed');
        const config = loadConfig();
        const catalog = await loadCatalog();
        const table = catalog.table(id);
        const triage = await Triage.load(config.knowledgeBaseDir, catalog.registry, { knowledgeBase: catalog.knowledgeBase, modelCacheDir: config.modelCacheDir });
        const result = triage.triage(
          options.text,
          {
            ...(options.age !== undefined ? { age: options.age } : {}),
            ...(options.bydel !== undefined ? { bydel: options.bydel } : {}),
            ...(options.requesterType !== undefined ? { requesterType: options.requesterType as 'borger' | 'virksomhed' } : {}),
          },
          table,
          at,
        );
        if (options.json) {
          process.stdout.write(`${JSON.stringify(result)}\n`);
          return;
        }
        const line = (label: string, value: unknown) => process.stdout.write(`${label.padEnd(14)}${value === null || value === undefined ? '-' : String(value)}\n`);
        line('scenario', `${table.scenario} (${table.name})`);
        line('intents', result.intents.map((i) => `${i.intent} ${i.confidence}`).join(', ') || '-');
        line('service', result.group);
        line('kontaktcenter', result.kontaktcenter);
        line('case owner', result.forvaltning);
        line('first line', result.firstLine);
        line('handling', result.handling);
        line('queue', result.queue);
        if (result.missing.length > 0) line('ask for', result.missing.join(', '));
        if (!result.open) line('closed', `opens ${result.opensAt ?? '?'}; offers ${result.offers.join(', ')}`);
        process.stdout.write('because\n');
        for (const reason of result.reasons) process.stdout.write(`  - ${reason}\n`);
      } catch (error) {
        exitWithError(error);
      }
    });

  scenarios
    .command('activate <id>')
    .description('switch the running service to a scenario (admin; calls PUT /v1/scenarios/active)')
    .option('--url <url>', 'the service', process.env.EN_INDGANG_URL ?? 'http://127.0.0.1:3000')
    .option('--reason <text>', 'why, for the audit log')
    .action(async (id: string, options: { url: string; reason?: string }) => {
      try {
        const token = process.env.ADMIN_TOKEN;
        if (!token) throw new Error('ADMIN_TOKEN is not set: the admin token of the service (see README, "Switching the scenario")');
        const response = await fetch(new URL('/v1/scenarios/active', options.url), {
          method: 'PUT',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ scenario: id, ...(options.reason ? { reason: options.reason } : {}) }),
        });
        const body = (await response.json().catch(() => ({}))) as { detail?: string; title?: string; scenario?: string; activatedBy?: string; activatedAt?: string; warnings?: string[] };
        if (!response.ok) throw new Error(`${response.status} ${body.title ?? ''}: ${body.detail ?? ''}`.trim());
        process.stdout.write(`active scenario: ${body.scenario} (by ${body.activatedBy} at ${body.activatedAt})\n`);
        for (const warning of body.warnings ?? []) process.stderr.write(`warning: ${warning}\n`);
      } catch (error) {
        exitWithError(error);
      }
    });
}

function printDiff(diff: TableDiff): void {
  process.stdout.write(`${diff.from} → ${diff.to}\n`);
  if (diff.operator) process.stdout.write(`operator: ${diff.operator.from ?? '-'} → ${diff.operator.to ?? '-'}\n`);
  const arrow = (c?: { from: string | null; to: string | null }) => (c ? `${c.from ?? '-'} → ${c.to ?? '-'}` : '');
  if (diff.units.length > 0) {
    printTable(
      ['UNIT', 'CASE OWNER', 'FIRST LINE', 'SERVED BY', 'BY CITIZEN'],
      diff.units.map((u) => [u.unit, arrow(u.caseOwner), arrow(u.firstLine), arrow(u.servedBy), arrow(u.conditional)]),
    );
  } else process.stdout.write('no unit changes\n');
  for (const t of diff.tasks) process.stdout.write(`task ${t.intent}: ${t.from ?? 'its unit'} → ${t.to ?? 'its unit'}\n`);
  for (const r of diff.rules) process.stdout.write(`rule ${r.rule}: ${r.change}\n`);
}
