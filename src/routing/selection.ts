import type { Located, RoutingRules } from './load.js';
import type { GrebDefinition, GrebOption, Move, PairRule, Status, VariantDefinition } from './schema.js';

/** One problem with a scenario: an error refuses it, a warning is shown with it. */
export interface Finding {
  readonly level: 'error' | 'warning';
  /** The rule broken, e.g. `one-per-area`, `seven-forvaltninger`, `mutually-exclusive:byens-rum-og-tmf-opdeling`. */
  readonly rule: string;
  /** The file that holds the scenario (or `composition` for an ad-hoc list), and the rule's own file. */
  readonly file: string;
  readonly ruleFile?: string;
  readonly message: string;
}

/** A greb as chosen: the greb itself and, optionally, one of its options. */
export interface ChosenGreb {
  /** As written: `a9-hjemmepleje-s2+hjaelpemidler`. */
  readonly ref: string;
  readonly greb: Located<GrebDefinition>;
  readonly option?: { readonly id: string; readonly definition: GrebOption };
}

export interface Selection {
  /** The scenario file's id, or the composition as written. */
  readonly id: string;
  readonly name: string;
  readonly file: string;
  readonly variant: { readonly ref: string; readonly located: Located<VariantDefinition>; readonly option?: string };
  readonly greb: readonly ChosenGreb[];
  readonly overrides: ReadonlyMap<string, string>;
}

export const COMPOSITION_FILE = 'composition';

/** The effects a chosen greb brings: included greb first, then its own, then its option's. */
export function effectsOf(chosen: ChosenGreb, rules: RoutingRules): Array<{ source: string; moves: readonly Move[]; lapses: readonly string[]; exemptFromRules: Record<string, string[]> }> {
  const included = chosen.greb.definition.includes.flatMap((id) => {
    const other = rules.greb.get(id);
    return other ? effectsOf({ ref: id, greb: other }, rules) : [];
  });
  const own = { source: chosen.greb.definition.id, ...chosen.greb.definition };
  const option = chosen.option ? [{ source: chosen.ref, ...chosen.option.definition }] : [];
  return [...included, own, ...option];
}

/**
 * Resolves a scenario id (a file in routing-rules/scenarios) or a composition "variant,greb,greb+option" into
 * its parts, and checks every rule between them. Never throws: problems come back as findings.
 */
export function select(reference: string, rules: RoutingRules): { selection?: Selection; findings: Finding[] } {
  const findings: Finding[] = [];
  const scenarioFile = rules.scenarios.get(reference);
  const file = scenarioFile?.file ?? COMPOSITION_FILE;
  const error = (rule: string, message: string, ruleFile?: string) => findings.push({ level: 'error', rule, file, message, ...(ruleFile ? { ruleFile } : {}) });
  const warning = (rule: string, message: string, ruleFile?: string) => findings.push({ level: 'warning', rule, file, message, ...(ruleFile ? { ruleFile } : {}) });

  let parts: string[];
  let name: string;
  let overrides = new Map<string, string>();
  if (scenarioFile) {
    parts = [scenarioFile.definition.variant, ...scenarioFile.definition.greb];
    name = scenarioFile.definition.name;
    overrides = new Map(scenarioFile.definition.overrides.map((o) => [o.greb, o.reason]));
  } else {
    parts = reference.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
    name = reference;
    if (parts.length === 0) {
      error('unknown-id', 'no scenario given');
      return { findings };
    }
    if (!rules.variants.has(parts[0]!.split('+')[0]!) && parts.length === 1) {
      error('unknown-id', `unknown scenario "${reference}": not a file in ${rules.dir}/scenarios nor a variant (known: ${[...rules.scenarios.keys()].join(', ')})`);
      return { findings };
    }
  }

  const [variantRef, ...grebRefs] = parts as [string, ...string[]];
  const [variantId, variantOption] = variantRef.split('+') as [string, string | undefined];
  const variant = rules.variants.get(variantId);
  if (!variant) {
    error('one-variant', rules.greb.has(variantId)
      ? `a scenario starts with one Én Indgang variant (${[...rules.variants.keys()].join(', ')}), not the greb "${variantId}"`
      : `unknown Én Indgang variant "${variantId}"`);
    return { findings };
  }
  if (variantOption !== undefined && !variant.definition.options[variantOption]) {
    error('unknown-id', `variant ${variantId} has no option "${variantOption}"`);
    return { findings };
  }

  const chosen: ChosenGreb[] = [];
  for (const ref of grebRefs) {
    const [grebId, optionId] = ref.split('+') as [string, string | undefined];
    if (rules.variants.has(grebId)) {
      error('one-variant', `two Én Indgang variants: ${variantId} and ${grebId} (choose exactly one)`);
      continue;
    }
    const greb = rules.greb.get(grebId);
    if (!greb) {
      const owner = [...rules.greb.values()].find((g) => g.definition.options[grebId]);
      if (owner) error('option-needs-parent', `"${grebId}" is an option of ${owner.definition.id}: write ${owner.definition.id}+${grebId}`, owner.file);
      else error('unknown-id', `unknown greb "${grebId}"`);
      continue;
    }
    if (optionId !== undefined) {
      const option = greb.definition.options[optionId];
      if (!option) {
        const owner = [...rules.greb.values()].find((g) => g.definition.options[optionId]);
        error(
          owner ? 'option-needs-parent' : 'unknown-id',
          owner
            ? `option "${optionId}" belongs to ${owner.definition.id}, not ${grebId}`
            : `greb ${grebId} has no option "${optionId}"`,
          owner?.file ?? greb.file,
        );
        continue;
      }
      chosen.push({ ref, greb, option: { id: optionId, definition: option } });
    } else {
      chosen.push({ ref, greb });
    }
  }

  // At most one greb per area (and no greb twice).
  const seen = new Map<string, string>();
  for (const c of chosen) {
    const key = c.greb.definition.area === undefined ? c.greb.definition.id : `area ${c.greb.definition.area}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      error('one-per-area', c.greb.definition.area === undefined
        ? `${c.greb.definition.id} is chosen twice`
        : `${earlier} and ${c.ref} are alternatives in area ${c.greb.definition.area} (choose at most one)`, c.greb.file);
    } else seen.set(key, c.ref);
  }

  const chosenIds = new Set([variantId, ...chosen.map((c) => c.greb.definition.id), ...chosen.flatMap((c) => c.greb.definition.includes)]);
  const exclusions = rules.exclusions;

  for (const together of exclusions.definition.requiresTogether) {
    const present = together.greb.filter((g) => chosenIds.has(g));
    if (present.length > 0 && present.length < together.greb.length) {
      const absent = together.greb.filter((g) => !chosenIds.has(g));
      error(`requires-together:${together.id}`, `${present.join(', ')} needs ${absent.join(', ')}: ${together.reason}`, exclusions.file);
    }
  }
  const pairHits = (pair: PairRule) => {
    const a = pair.a.filter((g) => chosenIds.has(g));
    const b = pair.b.filter((g) => chosenIds.has(g));
    return a.length > 0 && b.length > 0 ? `${a.join(', ')} with ${b.join(', ')}` : undefined;
  };
  for (const pair of exclusions.definition.mutuallyExclusive) {
    const hit = pairHits(pair);
    if (hit) error(`mutually-exclusive:${pair.id}`, `${hit}: ${pair.reason}`, exclusions.file);
  }
  for (const pair of exclusions.definition.discouraged) {
    const hit = pairHits(pair);
    if (hit) warning(`discouraged:${pair.id}`, `${hit}: ${pair.reason}`, exclusions.file);
  }

  // Status: infeasible is refused unless the scenario overrides it with a reason; discouraged is a warning.
  const judge = (ref: string, statusOf: Status, reason: string | undefined, ownFile: string) => {
    const why = reason ? `: ${reason}` : '';
    if (statusOf === 'infeasible') {
      const override = overrides.get(ref) ?? overrides.get(ref.split('+')[0]!);
      if (override === undefined) error('infeasible', `${ref} is judged infeasible in the sources${why}; a scenario file may allow it only with an override and a reason`, ownFile);
      else warning('infeasible', `${ref} is judged infeasible in the sources${why}; allowed by override: ${override}`, ownFile);
    } else if (statusOf === 'discouraged' || statusOf === 'not-recommended') {
      warning(statusOf, `${ref}${why || ' is not recommended in the sources'}`, ownFile);
    }
  };
  judge(variantId, variant.definition.status, variant.definition.statusReason, variant.file);
  if (variantOption && variant.definition.options[variantOption]) {
    const option = variant.definition.options[variantOption];
    if (option.status !== variant.definition.status) judge(variantRef, option.status, option.statusReason, variant.file);
  }
  for (const c of chosen) {
    judge(c.greb.definition.id, c.greb.definition.status, c.greb.definition.statusReason, c.greb.file);
    if (c.option) judge(c.ref, c.option.definition.status, c.option.definition.statusReason, c.greb.file);
    if (c.option && c.option.definition.requiresOneOf.length > 0 && !c.option.definition.requiresOneOf.some((g) => chosenIds.has(g))) {
      error('option-needs-parent', `${c.ref} needs one of ${c.option.definition.requiresOneOf.join(', ')}`, c.greb.file);
    }
    for (const other of c.greb.definition.coordinateWith) {
      if (!chosenIds.has(other)) warning('coordinate-with', `${c.ref} should be coordinated with ${other} (choose both)`, c.greb.file);
    }
  }
  for (const ref of overrides.keys()) {
    if (!chosen.some((c) => c.ref === ref || c.greb.definition.id === ref)) error('unknown-id', `override for "${ref}", which the scenario does not choose`);
  }

  // Seven forvaltninger, counted structurally (SCENARIOS.md §3.1).
  const rule = exclusions.definition.sevenForvaltninger;
  const count = rule.count + chosen.reduce((sum, c) => sum + c.greb.definition.forvaltningCount, 0);
  if (count !== rule.count) {
    const changes = chosen.filter((c) => c.greb.definition.forvaltningCount !== 0).map((c) => `${c.ref} ${c.greb.definition.forvaltningCount > 0 ? '+' : ''}${c.greb.definition.forvaltningCount}`);
    error('seven-forvaltninger', `the scenario gives ${count} forvaltninger (${changes.join(', ')}), not ${rule.count}: "${rule.rule}"`, exclusions.file);
  }

  const selection: Selection = {
    id: reference,
    name,
    file,
    variant: { ref: variantRef, located: variant, ...(variantOption !== undefined ? { option: variantOption } : {}) },
    greb: chosen,
    overrides,
  };
  return { selection, findings };
}
