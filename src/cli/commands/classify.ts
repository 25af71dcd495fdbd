import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config/index.js';
import { createLogger, type Logger } from '../../logging/index.js';
import { loadKnowledgeBase } from '../../knowledge-base/index.js';
import { loadRegistry } from '../../registry/index.js';
import { BASELINE_SCENARIO, ScenarioCatalog, type RoutingTable } from '../../routing/index.js';
import { Triage } from '../../triage/index.js';
import { exitWithError } from '../errors.js';

const inputLine = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  text: z.string({ error: 'text: expected a string' }).min(1, { error: 'text: must not be empty' }).max(10_000, { error: 'text: longer than 10000 characters' }),
  channel: z.enum(['chat', 'phone', 'web'], { error: 'channel: expected chat, phone or web' }).default('chat'),
  citizen: z
    .object({
      age: z.number({ error: 'citizen.age: expected a number' }).int().min(0).max(130).optional(),
      postnummer: z.string().regex(/^\d{4}$/, { error: 'citizen.postnummer: expected four digits' }).optional(),
      bydel: z.string().min(1).optional(),
      requesterType: z.enum(['borger', 'virksomhed'], { error: 'citizen.requesterType: expected borger or virksomhed' }).optional(),
      longBenefitSeniority: z.boolean({ error: 'citizen.longBenefitSeniority: expected true or false' }).optional(),
      aktivitetsparat: z.boolean({ error: 'citizen.aktivitetsparat: expected true or false' }).optional(),
    })
    .optional(),
});

export function registerClassify(program: Command): void {
  program
    .command('classify')
    .description('classify JSON lines from stdin; one JSON line per input on stdout, in order')
    .option('--scenario <id>', 'ressort scenario to route by (a file id in routing-rules/scenarios, or "variant,greb,greb+option")', BASELINE_SCENARIO)
    .option('--at <iso>', 'route as at this time (opening hours); default: now')
    .action(async (options: { scenario: string; at?: string }) => {
      let triage: Triage;
      let table: RoutingTable;
      let logger: Logger;
      try {
        const config = loadConfig();
        // stdout is data here: logs go to stderr.
        logger = createLogger({ level: config.logLevel, destination: 2 });
        if (options.at !== undefined && Number.isNaN(new Date(options.at).getTime())) throw new Error(`--at: "${options.at}" is not a date and time`);
        const registry = await loadRegistry(config.knowledgeBaseDir);
        // The scenario first: a bad one fails at once, before the classifier trains.
        const knowledgeBase = await loadKnowledgeBase(config.knowledgeBaseDir, registry);
        const catalog = await ScenarioCatalog.load(config.routingRulesDir, config.knowledgeBaseDir, registry, knowledgeBase);
        table = catalog.table(options.scenario);
        triage = await Triage.load(config.knowledgeBaseDir, registry, { knowledgeBase, modelCacheDir: config.modelCacheDir });
        for (const warning of table.warnings) process.stderr.write(`warning: ${warning.file}: [${warning.rule}] ${warning.message}\n`);
        process.stderr.write(
          triage.modelFromCache
            ? `classifier loaded from the model cache (${triage.knowledgeBase.intents.length} intents)\n`
            : `classifier trained on ${triage.knowledgeBase.exampleCount} examples of ${triage.knowledgeBase.intents.length} intents in ${Math.round(triage.classifier.trainingMs)} ms\n`,
        );
      } catch (error) {
        exitWithError(error);
      }
      const at = options.at === undefined ? undefined : new Date(options.at);
      const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
      for await (const line of lines) {
        if (line.trim() === '') continue;
        const result = classifyLine(triage, table, line, at);
        // The citizen's words are not logged (they may hold names and health details); the outcome is.
        logger.debug({ id: result.id, group: result.group, outcome: result.outcome, confidence: result.confidence, error: result.error, chars: line.length }, 'classified');
        process.stdout.write(`${JSON.stringify(result)}\n`);
      }
    });
}

function classifyLine(triage: Triage, table: RoutingTable, line: string, at: Date | undefined): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { id: null, error: 'not valid JSON' };
  }
  const id = typeof raw === 'object' && raw !== null && 'id' in raw ? (raw as { id: unknown }).id : null;
  const parsed = inputLine.safeParse(raw);
  if (!parsed.success) return { id, error: parsed.error.issues[0]?.message ?? 'invalid input' };
  const { text, citizen } = parsed.data;
  return { id: parsed.data.id ?? null, ...triage.triage(text, citizen ?? {}, table, at ?? new Date()) };
}
