import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { loadRegistry } from '../../registry/index.js';
import { exitWithError } from '../errors.js';
import { printTable } from '../table.js';

export function registerKontaktcentre(program: Command): void {
  const group = program.command('kontaktcentre').description('the registry of contact centres');
  group
    .command('list')
    .description('list the kontaktcentre (a table, or JSON lines with --json)')
    .option('--json', 'one JSON object per line')
    .option('-f, --forvaltning <code>', 'only this forvaltning (e.g. SUF)')
    .action(async (options: { json?: boolean; forvaltning?: string }) => {
      try {
        const registry = await loadRegistry(loadConfig().knowledgeBaseDir);
        const code = options.forvaltning?.toUpperCase();
        if (code !== undefined && registry.forvaltning(code) === undefined) {
          throw new Error(`unknown forvaltning "${options.forvaltning}" (known: ${registry.forvaltninger.map((f) => f.code).join(', ')})`);
        }
        const entries = registry.kontaktcentre.filter((entry) => code === undefined || entry.forvaltning === code);
        if (options.json) {
          for (const entry of entries) process.stdout.write(`${JSON.stringify(entry)}\n`);
        } else {
          printTable(
            ['ID', 'FORV.', 'GROUP', 'PHONE', 'HOURS', 'NAME'],
            entries.map((e) => [e.id, e.forvaltning, e.group === e.id ? '' : e.group, e.phone ?? '', e.hours ?? '', e.name]),
          );
        }
        const forvaltninger = new Set(entries.map((e) => e.forvaltning));
        const groups = new Set(entries.map((e) => e.group));
        process.stderr.write(`${entries.length} kontaktcentre in ${groups.size} services over ${forvaltninger.size} forvaltninger\n`);
      } catch (error) {
        exitWithError(error);
      }
    });
}
