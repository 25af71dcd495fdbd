import type { KontaktcenterRegistry } from '../../registry/index.js';
import type { RoutingTable } from '../../routing/index.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** One colour per forvaltning code, so that a moved unit stands out down a column. */
const COLOURS: Record<string, string> = {
  KFF: '#1b6ca8', ØKF: '#6b4c9a', TMF: '#2e8540', BIF: '#c05621', BUF: '#b7791f', SOF: '#c53030', SUF: '#2c7a7b',
  EBF: '#dd6b20', EKF: '#3182ce', ETF: '#38a169', BSF: '#9b2c2c', KDF: '#276749', TPF: '#22543d',
};

function firstLineLabel(unit: string, firstLine: string): string {
  if (firstLine === unit) return 'egen';
  if (firstLine === 'en-indgang') return 'Én Indgang';
  if (firstLine === 'kff-koebenhavns-kontaktcenter') return 'Kbh. Kontaktcenter';
  return firstLine;
}

/**
 * The scenarios side by side: for each of the 53 kontaktcentre, who owns the case and who answers first,
 * under each scenario; cells that differ from the first column are marked. Plain HTML, no script.
 */
export function renderScenarioMatrix(registry: KontaktcenterRegistry, tables: readonly RoutingTable[]): string {
  const [reference] = tables;
  const header = tables
    .map(
      (t) =>
        `<th scope="col"><div class="scenario">${escapeHtml(t.scenario)}</div><div class="name">${escapeHtml(t.name)}</div>` +
        (t.warnings.length ? `<div class="warn" title="${escapeHtml(t.warnings.map((w) => w.message).join('\n'))}">${t.warnings.length} advarsel(er)</div>` : '') +
        '</th>',
    )
    .join('');
  const rows: string[] = [];
  let currentForvaltning = '';
  for (const unit of registry.kontaktcentre) {
    if (unit.forvaltning !== currentForvaltning) {
      currentForvaltning = unit.forvaltning;
      rows.push(`<tr class="band"><th colspan="${tables.length + 1}">${escapeHtml(registry.forvaltning(unit.forvaltning)?.name ?? unit.forvaltning)} (${escapeHtml(unit.forvaltning)})</th></tr>`);
    }
    const cells = tables.map((t) => {
      const route = t.units.get(unit.id)!;
      const base = reference!.units.get(unit.id)!;
      const ownerChanged = route.caseOwner !== base.caseOwner;
      const lineChanged = route.firstLine !== base.firstLine;
      const conditional = route.conditional.map((c) => `${Object.entries(c.when).map(([k, v]) => `${k}=${String(v)}`).join(', ')} → ${c.caseOwner}`).join('; ');
      return (
        `<td class="${ownerChanged || lineChanged ? 'changed' : ''}" data-unit="${unit.id}" data-scenario="${escapeHtml(t.scenario)}" data-owner="${route.caseOwner}" data-first-line="${route.firstLine}">` +
        `<span class="owner${ownerChanged ? ' moved' : ''}" style="background:${COLOURS[route.caseOwner] ?? '#4a5568'}">${escapeHtml(route.caseOwner)}</span> ` +
        `<span class="line${lineChanged ? ' moved' : ''}">${escapeHtml(firstLineLabel(unit.id, route.firstLine))}</span>` +
        (route.servedBy ? `<div class="note">betjenes af ${escapeHtml(route.servedBy)}</div>` : '') +
        (conditional ? `<div class="note">${escapeHtml(conditional)}</div>` : '') +
        '</td>'
      );
    });
    rows.push(`<tr><th scope="row"><div class="unit">${escapeHtml(unit.name)}</div><div class="id">${unit.id}</div></th>${cells.join('')}</tr>`);
  }
  const changedCount = tables.map((t) => [...t.units.values()].filter((u) => {
    const b = reference!.units.get(u.unit)!;
    return u.caseOwner !== b.caseOwner || u.firstLine !== b.firstLine;
  }).length);
  return `<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>Ressortscenarier — Én Indgang</title>
<style>
body{font:13px/1.35 system-ui,-apple-system,"Segoe UI",sans-serif;margin:16px;color:#1a202c}
h1{font-size:18px;margin:0 0 4px}
p.lead{margin:0 0 12px;color:#4a5568;max-width:70em}
table{border-collapse:collapse}
th,td{border:1px solid #e2e8f0;padding:3px 6px;vertical-align:top;text-align:left}
thead th{position:sticky;top:0;background:#f7fafc;min-width:9em;max-width:12em}
.scenario{font-weight:600}.name{font-weight:400;color:#4a5568;font-size:11px}.warn{color:#b7791f;font-size:11px}
tr.band th{background:#edf2f7;font-weight:600}
.unit{font-weight:500}.id{color:#718096;font-size:11px}
.owner{display:inline-block;color:#fff;border-radius:3px;padding:0 4px;font-weight:600;font-size:11px}
.line{font-size:11px;color:#2d3748}
td.changed{background:#fffbea}
.moved{outline:2px solid #d69e2e;outline-offset:1px}
.note{font-size:10px;color:#718096}
tfoot td{font-weight:600}
</style></head><body>
<h1>Ressortscenarier side om side</h1>
<p class="lead">For hver af de 53 kontaktcentre: hvilken forvaltning der ejer sagen (farvet) og hvem der tager første kontakt, under hvert scenarie. Markerede celler adskiller sig fra <b>${escapeHtml(reference!.scenario)}</b>. Data: <code>routing-rules/</code>.</p>
<table><thead><tr><th scope="col">Kontaktcenter</th>${header}</tr></thead>
<tbody>${rows.join('\n')}</tbody>
<tfoot><tr><td>Ændrede enheder</td>${changedCount.map((n) => `<td data-changed="${n}">${n}</td>`).join('')}</tr></tfoot>
</table></body></html>`;
}
