/**
 * The HTML eval report: one self-contained file (inline CSS, inline SVG, no
 * scripts, fonts or network fetches).
 *
 * @packageDocumentation
 */

import { escapeHtml } from './escape-html.js'
import { formatMs, formatNumber, metricColumns, metricLabel, referenceSystems } from './format.js'
import { seriesColor } from './palette.js'
import { renderBarChartSvg } from './svg-bar-chart.js'
import { renderHistogramSvg } from './svg-histogram.js'
import type { EvalQueryRow, EvalReport } from './json-report.js'

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1b1b;background:#fff;max-width:1100px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.5rem;margin:0 0 .5rem}h2{font-size:1.15rem;margin:2rem 0 .6rem;border-bottom:1px solid #e3e3e3;padding-bottom:.2rem}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:0}dl.meta dt{color:#555}dl.meta dd{margin:0;font-family:ui-monospace,monospace;overflow-wrap:anywhere}
.charts{display:flex;flex-wrap:wrap;gap:1.5rem}.chart{max-width:100%;height:auto}
table{border-collapse:collapse;margin:.4rem 0;font-variant-numeric:tabular-nums}th,td{padding:.25rem .6rem;border-bottom:1px solid #eee;text-align:right;vertical-align:top}
th:first-child,td:first-child,td.text,th.text{text-align:left}thead th{border-bottom:2px solid #ccc;background:#fafafa;position:sticky;top:0}
tr.ref td{color:#555;font-style:italic}.swatch{display:inline-block;width:.8em;height:.8em;margin-right:.4em;vertical-align:-.05em;border-radius:2px}
details{margin:.5rem 0}summary{cursor:pointer;font-weight:600}td.text{max-width:28rem;overflow-wrap:anywhere}td.id{font-family:ui-monospace,monospace;white-space:nowrap}
.muted{color:#666}ul.notes{padding-left:1.2rem}
@media (prefers-color-scheme:dark){body{background:#16181b;color:#e6e6e6}.chart{background:#fff;border-radius:4px;padding:4px}thead th{background:#202328}th,td{border-color:#2c3036}dl.meta dt,.muted,tr.ref td{color:#a8a8a8}}
`

/**
 * Renders a report as ONE self-contained HTML page: provenance, a bar chart
 * per headline metric (one bar per mode, dashed lines at the published
 * figures), the per-query latency distribution of each mode, the metrics
 * table, and a collapsible per-query table per mode. Everything is inline; the
 * page loads nothing.
 */
export function renderHtmlReport (report: EvalReport): string {
  const title = `Quarry ${report.kind} eval: ${report.dataset}${report.split === undefined ? '' : ` (${report.split})`}`
  const colorOf = new Map(report.modes.map((m, i) => [m.mode, seriesColor(i)]))
  const body: string[] = [`<h1>${escapeHtml(title)}</h1>`, metaList(report)]

  const charts = report.headlineMetrics.map(metric => renderBarChartSvg({
    title: metricLabel(metric),
    bars: report.modes.map(m => ({ label: m.label ?? m.mode, value: m.metrics[metric]?.mean ?? Number.NaN, color: colorOf.get(m.mode) ?? '#000' })),
    references: report.references.filter(r => r.metric === metric).map(r => ({ label: r.system, value: r.value }))
  }))
  if (charts.length > 0) body.push('<h2>Headline metrics</h2>', `<div class="charts">${charts.join('')}</div>`)

  const latency = report.modes
    .map(m => ({ label: m.label ?? m.mode, color: colorOf.get(m.mode) ?? '#000', values: latencies(report.rows, m.mode) }))
    .filter(s => s.values.length > 0)
  if (latency.length > 0) body.push('<h2>Latency</h2>', renderHistogramSvg({ title: 'Latency per query', series: latency }))

  body.push('<h2>Metrics</h2>', metricsTable(report, colorOf))
  if (report.notes !== undefined && report.notes.length > 0) {
    body.push('<h2>Notes</h2>', `<ul class="notes">${report.notes.map(n => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`)
  }
  if (report.rows.length > 0) body.push('<h2>Per query</h2>', ...report.modes.map(m => queryTable(report, m.mode, m.label ?? m.mode)))

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`
}

function metaList (report: EvalReport): string {
  const items: Array<[string, string | undefined]> = [
    ['Created', report.createdAt],
    ['Git commit', report.gitCommit],
    ['Corpus CID', report.corpusCid],
    ['Index CID', report.indexCid],
    ['Embedder', report.embedder],
    ['LLM', report.llm],
    ['Queries', String(new Set(report.rows.map(r => r.id)).size)]
  ]
  return `<dl class="meta">${items.filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v ?? '')}</dd>`).join('')}</dl>`
}

function metricsTable (report: EvalReport, colorOf: Map<string, string>): string {
  const columns = metricColumns(report.headlineMetrics, report.modes.map(m => m.metrics), report.references.map(r => r.metric))
  const withLatency = report.modes.some(m => m.latencyMs !== undefined && m.latencyMs.n > 0)
  const head = ['System', ...columns.map(metricLabel), ...(withLatency ? ['p50 ms', 'p95 ms'] : []), 'Queries']
  const rows: string[] = report.modes.map(m => {
    const cells = [
      `<span class="swatch" style="background:${escapeHtml(colorOf.get(m.mode) ?? '#000')}"></span>Quarry ${escapeHtml(m.label ?? m.mode)}`,
      ...columns.map(c => {
        const s = m.metrics[c]
        return s === undefined ? '—' : `<span title="p50 ${formatNumber(s.p50)}, min ${formatNumber(s.min)}, max ${formatNumber(s.max)}, n ${s.n}">${formatNumber(s.mean)}</span>`
      }),
      ...(withLatency ? [formatMs(m.latencyMs?.p50), formatMs(m.latencyMs?.p95)] : []),
      String(Math.max(0, ...Object.values(m.metrics).map(s => s.n)))
    ]
    return `<tr>${cells.map(c => `<td>${c}</td>`).join('')}</tr>`
  })
  const references = report.references
  for (const system of referenceSystems(references, columns)) {
    const figures = references.filter(r => r.system === system)
    const source = figures.find(r => r.source !== undefined)?.source
    const cells = [
      `${escapeHtml(system)} <span class="muted">(published${source === undefined ? '' : `: ${escapeHtml(source)}`})</span>`,
      ...columns.map(c => formatNumber(figures.find(r => r.metric === c)?.value)),
      ...(withLatency ? ['—', '—'] : []),
      '—'
    ]
    rows.push(`<tr class="ref">${cells.map(c => `<td>${c}</td>`).join('')}</tr>`)
  }
  return `<table><thead><tr>${head.map(h => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>
<p class="muted">Quarry rows are means over the queries (hover a value for p50, min, max, n); latency is per query, end to end.</p>`
}

function queryTable (report: EvalReport, mode: string, label: string): string {
  const rows = report.rows.filter(r => r.mode === mode)
  const keys = [...new Set([...report.headlineMetrics, ...rows.flatMap(r => Object.keys(r.metrics))])]
  const qa = report.kind === 'qa'
  const head = ['Id', qa ? 'Question' : 'Query', ...keys.map(metricLabel), 'ms', qa ? 'Answer' : 'Top retrieved', qa ? 'Cited' : 'Relevant']
  const body = rows.map(r => {
    const cells = [
      `<td class="id">${escapeHtml(r.id)}</td>`,
      `<td class="text">${escapeHtml(r.query)}</td>`,
      ...keys.map(k => `<td>${formatNumber(r.metrics[k])}</td>`),
      `<td>${formatMs(r.latencyMs)}</td>`,
      `<td class="text">${escapeHtml(qa ? (r.answer ?? '') : (r.retrieved ?? []).slice(0, 5).join(', '))}</td>`,
      `<td class="text">${escapeHtml((qa ? (r.citations ?? []) : (r.relevant ?? [])).join(', '))}</td>`
    ]
    return `<tr>${cells.join('')}</tr>`
  })
  return `<details><summary>${escapeHtml(label)}: ${rows.length} ${qa ? 'questions' : 'queries'}</summary>
<table><thead><tr>${head.map((h, i) => `<th${i === 1 || i >= head.length - 2 ? ' class="text"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${body.join('')}</tbody></table></details>`
}

function latencies (rows: readonly EvalQueryRow[], mode: string): number[] {
  return rows.filter(r => r.mode === mode && typeof r.latencyMs === 'number' && Number.isFinite(r.latencyMs)).map(r => r.latencyMs as number)
}
