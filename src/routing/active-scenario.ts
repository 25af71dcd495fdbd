import type { Logger } from '../logging/index.js';
import type { AuditLog } from '../persistence/index.js';
import { BASELINE_SCENARIO, type ScenarioCatalog } from './catalog.js';
import type { RoutingTable } from './table.js';

export const SWITCH_ACTION = 'scenario.activate';

export interface ActiveState {
  readonly table: RoutingTable;
  readonly activatedBy: string;
  readonly activatedAt: string;
  readonly reason: string | null;
  /** The audit-log entry that made it active (null: the built-in default, never recorded). */
  readonly auditSeq: number | null;
}

/**
 * The scenario new contacts are routed by. The audit log is the record of truth: the newest
 * `scenario.activate` entry is the active scenario, so a restart and every other node agree on it.
 * A contact keeps the decision it got; only new decisions read `current`.
 */
export class ActiveScenario {
  #state: ActiveState;

  private constructor(
    private readonly catalog: ScenarioCatalog,
    private readonly auditLog: AuditLog,
    private readonly logger: Logger,
    state: ActiveState,
  ) {
    this.#state = state;
  }

  /**
   * At start-up: the configured scenario when one is given (recorded when it differs from the last one), else the
   * last one activated, else baseline-2024. An invalid scenario stops start-up with the rule it breaks.
   */
  static async start(catalog: ScenarioCatalog, auditLog: AuditLog, logger: Logger, configured: string | undefined): Promise<ActiveScenario> {
    const last = (await auditLog.list({ action: SWITCH_ACTION, limit: 1 }))[0];
    let state: ActiveState;
    if (configured !== undefined && configured !== last?.subject) {
      const table = catalog.table(configured);
      const entry = await auditLog.append({ actor: 'config:ROUTING_SCENARIO', action: SWITCH_ACTION, subject: configured, details: { from: last?.subject ?? null, reason: 'chosen at start-up' } });
      state = { table, activatedBy: entry.actor, activatedAt: entry.at, reason: 'chosen at start-up', auditSeq: entry.seq };
    } else if (last?.subject) {
      state = { table: catalog.table(last.subject), activatedBy: last.actor, activatedAt: last.at, reason: (last.details.reason as string | undefined) ?? null, auditSeq: last.seq };
    } else {
      state = { table: catalog.table(BASELINE_SCENARIO), activatedBy: 'default', activatedAt: new Date(0).toISOString(), reason: null, auditSeq: null };
    }
    for (const warning of state.table.warnings) logger.warn({ scenario: state.table.scenario, rule: warning.rule, file: warning.file }, warning.message);
    return new ActiveScenario(catalog, auditLog, logger, state);
  }

  get current(): ActiveState {
    return this.#state;
  }

  /** Validates and activates a scenario, and records who did it. Throws ScenarioInvalidError for a bad one. */
  async activate(reference: string, actor: string, reason: string | null): Promise<ActiveState> {
    const table = this.catalog.table(reference);
    const previous = this.#state.table.scenario;
    const entry = await this.auditLog.append({
      actor,
      action: SWITCH_ACTION,
      subject: reference,
      details: { from: previous, reason, warnings: table.warnings.map((w) => `[${w.rule}] ${w.message}`) },
    });
    this.#state = { table, activatedBy: actor, activatedAt: entry.at, reason, auditSeq: entry.seq };
    this.logger.info({ scenario: reference, from: previous, actor, warnings: table.warnings.length }, 'scenario activated');
    return this.#state;
  }

  /** Reads the newest switch from the audit log (another node may have made it). */
  async refresh(): Promise<boolean> {
    const last = (await this.auditLog.list({ action: SWITCH_ACTION, limit: 1 }))[0];
    if (!last?.subject || last.seq === this.#state.auditSeq) return false;
    this.#state = { table: this.catalog.table(last.subject), activatedBy: last.actor, activatedAt: last.at, reason: (last.details.reason as string | undefined) ?? null, auditSeq: last.seq };
    this.logger.info({ scenario: last.subject, actor: last.actor }, 'scenario switched on another node');
    return true;
  }
}
