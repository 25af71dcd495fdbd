/** A self-contained HTML page of horizontal bar charts (inline SVG), for benchmark results people compare. */
export interface Chart {
  readonly title: string;
  readonly unit: string;
  readonly bars: ReadonlyArray<{ label: string; value: number }>;
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const colours = ['#1f6feb', '#d97706', '#6b7280', '#059669'];

function format(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en');
  if (value >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

function svg(chart: Chart): string {
  const labelWidth = 340;
  const width = 820;
  const barHeight = 30;
  const height = chart.bars.length * (barHeight + 12) + 16;
  const max = Math.max(...chart.bars.map((b) => b.value), 1e-9);
  const rows = chart.bars
    .map((bar, i) => {
      const y = 8 + i * (barHeight + 12);
      const w = Math.max(2, ((width - labelWidth - 120) * bar.value) / max);
      return `<text x="0" y="${y + 20}" font-size="14">${escape(bar.label)}</text>
<rect x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" fill="${colours[i % colours.length]}" rx="3"/>
<text x="${labelWidth + w + 8}" y="${y + 20}" font-size="14">${format(bar.value)} ${escape(chart.unit)}</text>`;
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="${escape(chart.title)}">${rows}</svg>`;
}

export function renderChartPage(title: string, charts: readonly Chart[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;color:#111}h1{font-size:20px}h2{font-size:16px;margin:20px 0 6px}</style>
</head><body><h1>${escape(title)}</h1>
${charts.map((chart) => `<section><h2>${escape(chart.title)}</h2>${svg(chart)}</section>`).join('\n')}
</body></html>
`;
}
