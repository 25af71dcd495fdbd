import { cpSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { loadKnowledgeBase, type KnowledgeBase } from '../../src/knowledge-base/index.js';
import { loadRegistry, type KontaktcenterRegistry } from '../../src/registry/index.js';
import { ScenarioCatalog } from '../../src/routing/index.js';

export interface RoutingFixture {
  readonly registry: KontaktcenterRegistry;
  readonly knowledgeBase: KnowledgeBase;
  readonly catalog: ScenarioCatalog;
  readonly knowledgeBaseDir: string;
  readonly routingRulesDir: string;
}

/** The repository's registry, knowledge base and routing rules, as the service loads them. */
export async function loadRouting(routingRulesDir?: string): Promise<RoutingFixture> {
  const config = loadConfig({});
  const registry = await loadRegistry(config.knowledgeBaseDir);
  const knowledgeBase = await loadKnowledgeBase(config.knowledgeBaseDir, registry);
  const dir = routingRulesDir ?? config.routingRulesDir;
  const catalog = await ScenarioCatalog.load(dir, config.knowledgeBaseDir, registry, knowledgeBase);
  return { registry, knowledgeBase, catalog, knowledgeBaseDir: config.knowledgeBaseDir, routingRulesDir: dir };
}

/** A copy of routing-rules/ with some files added or replaced (path relative to the folder → YAML text). */
export function routingRulesCopy(files: Record<string, string>): { dir: string; cleanup: () => void } {
  const root = mkdtempSync(path.join(tmpdir(), 'en-indgang-rules-'));
  const dir = path.join(root, 'routing-rules');
  cpSync(loadConfig({}).routingRulesDir, dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return { dir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
