import type { RoutingTable } from './table.js';

export interface UnitChange {
  readonly unit: string;
  readonly caseOwner?: { readonly from: string; readonly to: string };
  readonly firstLine?: { readonly from: string; readonly to: string };
  readonly servedBy?: { readonly from: string | null; readonly to: string | null };
  readonly conditional?: { readonly from: string; readonly to: string };
}

export interface TableDiff {
  readonly from: string;
  readonly to: string;
  readonly units: readonly UnitChange[];
  readonly tasks: ReadonlyArray<{ readonly intent: string; readonly from: string | null; readonly to: string | null }>;
  readonly rules: ReadonlyArray<{ readonly rule: string; readonly change: string }>;
  readonly operator?: { readonly from: string | null; readonly to: string | null };
}

const describeConditional = (t: RoutingTable, unit: string) =>
  t.units.get(unit)!.conditional.map((c) => `${Object.entries(c.when).map(([k, v]) => `${k}=${String(v)}`).join('&')}→${c.caseOwner}`).join('; ') || '-';

/** What changes for the citizens between two scenarios: per unit, per task, and in the citizen rules. */
export function diffTables(a: RoutingTable, b: RoutingTable): TableDiff {
  const units: UnitChange[] = [];
  for (const [id, ua] of a.units) {
    const ub = b.units.get(id)!;
    const change: { -readonly [K in keyof UnitChange]: UnitChange[K] } = { unit: id };
    if (ua.caseOwner !== ub.caseOwner) change.caseOwner = { from: ua.caseOwner, to: ub.caseOwner };
    if (ua.firstLine !== ub.firstLine) change.firstLine = { from: ua.firstLine, to: ub.firstLine };
    if (ua.servedBy !== ub.servedBy) change.servedBy = { from: ua.servedBy, to: ub.servedBy };
    const ca = describeConditional(a, id);
    const cb = describeConditional(b, id);
    if (ca !== cb) change.conditional = { from: ca, to: cb };
    if (Object.keys(change).length > 1) units.push(change);
  }
  const intents = new Set([...a.tasks.keys(), ...b.tasks.keys()]);
  const tasks = [...intents]
    .map((intent) => {
      const ta = a.tasks.get(intent);
      const tb = b.tasks.get(intent);
      const show = (t: typeof ta) => (t ? `${t.caseOwner}${t.group ? ` (${t.group})` : ''}` : null);
      return { intent, from: show(ta), to: show(tb) };
    })
    .filter((t) => t.from !== t.to);
  const rules: Array<{ rule: string; change: string }> = [];
  for (const rule of a.ageRules) {
    const other = b.ageRules.find((r) => r.id === rule.id);
    if (!other) rules.push({ rule: rule.id, change: 'lapses' });
    else if ([...other.exempt].join() !== [...rule.exempt].join()) rules.push({ rule: rule.id, change: `exempt: ${[...other.exempt].join(', ') || 'none'}` });
  }
  for (const rule of b.ageRules) if (!a.ageRules.some((r) => r.id === rule.id)) rules.push({ rule: rule.id, change: 'applies' });
  const opA = a.operator ? `${a.operator.id} (${a.operator.forvaltning})` : null;
  const opB = b.operator ? `${b.operator.id} (${b.operator.forvaltning})` : null;
  return { from: a.scenario, to: b.scenario, units, tasks, rules, ...(opA !== opB ? { operator: { from: opA, to: opB } } : {}) };
}
