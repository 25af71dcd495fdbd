import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config/index.js';
import { createLogger, type Logger } from '../../logging/index.js';
import { loadRegistry } from '../../registry/index.js';
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
    })
    .optional(),
});

export const BASELINE_SCENARIO = 'baseline-2024';

export function registerClassify(program: Command): void {
  program
    .command('classify')
    .description('classify JSON lines from stdin; one JSON line per input on stdout, in order')
    .option('--scenario <id>', 'ressort scenario to route by', BASELINE_SCENARIO)
    .action(async (options: { scenario: string }) => {
      let triage: Triage;
      let logger: Logger;
      try {
        if (options.scenario !== BASELINE_SCENARIO) {
          throw new Error(`scenario "${options.scenario}" is not available: routing rules per scenario are not built yet; use ${BASELINE_SCENARIO}`);
        }
        const config = loadConfig();
        // stdout is data here: logs go to stderr.
        logger = createLogger({ level: config.logLevel, destination: 2 });
        const registry = await loadRegistry(config.knowledgeBaseDir);
        triage = await Triage.load(config.knowledgeBaseDir, registry);
        process.stderr.write(
          `classifier trained on ${triage.knowledgeBase.exampleCount} examples of ${triage.knowledgeBase.intents.length} intents in ${Math.round(triage.classifier.trainingMs)} ms\n`,
        );
      } catch (error) {
        exitWithError(error);
      }
      const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
      for await (const line of lines) {
        if (line.trim() === '') continue;
        const result = classifyLine(triage, line);
        // The citizen's words are not logged (they may hold names and health details); the outcome is.
        logger.debug({ id: result.id, group: result.group, outcome: result.outcome, confidence: result.confidence, error: result.error, chars: line.length }, 'classified');
        process.stdout.write(`${JSON.stringify(result)}\n`);
      }
    });
}

function classifyLine(triage: Triage, line: string): Record<string, unknown> {
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
  return { id: parsed.data.id ?? null, ...triage.triage(text, citizen ?? {}) };
}
