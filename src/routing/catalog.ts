import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { KnowledgeBase } from '../knowledge-base/index.js';
import type { KontaktcenterRegistry } from '../registry/index.js';
import { compileScenario, ScenarioInvalidError, type CompileResult } from './compile.js';
import { loadRoutingRules, type RoutingRules } from './load.js';
import type { RoutingTable } from './table.js';

export const BASELINE_SCENARIO = 'baseline-2024';

/** The scenarios of `routing-rules/`, compiled on first use and kept (tables are immutable). */
export class ScenarioCatalog {
  readonly #compiled = new Map<string, CompileResult>();

  constructor(
    readonly rules: RoutingRules,
    readonly registry: KontaktcenterRegistry,
    readonly knowledgeBase: KnowledgeBase,
  ) {}

  /** Loads the rules; the forvaltning codes that greb create come from forvaltninger.json (scenarioForvaltninger). */
  static async load(routingRulesDir: string, knowledgeBaseDir: string, registry: KontaktcenterRegistry, knowledgeBase: KnowledgeBase): Promise<ScenarioCatalog> {
    const file = JSON.parse(await readFile(path.join(knowledgeBaseDir, 'forvaltninger.json'), 'utf8')) as { scenarioForvaltninger?: Array<{ code: string }> };
    const extra = (file.scenarioForvaltninger ?? []).map((f) => f.code);
    return new ScenarioCatalog(await loadRoutingRules(routingRulesDir, registry, knowledgeBase, extra), registry, knowledgeBase);
  }

  /** The scenario files, in file-name order. */
  get ids(): string[] {
    return [...this.rules.scenarios.keys()];
  }

  compile(reference: string): CompileResult {
    let result = this.#compiled.get(reference);
    if (!result) {
      result = compileScenario(reference, this.rules, this.registry, this.knowledgeBase);
      this.#compiled.set(reference, result);
    }
    return result;
  }

  /** The routing table of a scenario id or composition; throws ScenarioInvalidError naming the broken rule. */
  table(reference: string): RoutingTable {
    const result = this.compile(reference);
    if (!result.table) throw new ScenarioInvalidError(reference, result.findings);
    return result.table;
  }
}
