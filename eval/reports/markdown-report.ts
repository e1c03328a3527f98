/**
 * The Markdown eval report: a results table beside the published figures.
 *
 * @packageDocumentation
 */

import { formatMs, formatNumber, metricColumns, metricLabel, referenceSystems } from './format.js'
import type { EvalReport } from './json-report.js'

/**
 * Renders a report as GitHub-flavoured Markdown: a heading, the run's
 * provenance (commit, CIDs, embedder), one table with a row per mode (metric
 * means, latency p50/p95, query count) followed by a row per published
 * reference figure, then the references' sources and any notes.
 */
export function renderMarkdownReport (report: EvalReport): string {
  const columns = metricColumns(report.headlineMetrics, report.modes.map(m => m.metrics), report.references.map(r => r.metric))
  const withLatency = report.modes.some(m => m.latencyMs !== undefined && m.latencyMs.n > 0)
  const out: string[] = []
  out.push(`# Quarry ${report.kind} eval: ${cell(report.dataset)}${report.split === undefined ? '' : ` (${cell(report.split)})`}`, '')
  for (const [name, value] of provenance(report)) out.push(`- ${name}: ${value}`)
  out.push('', '## Results', '')

  const header = ['System', ...columns.map(metricLabel), ...(withLatency ? ['p50 ms', 'p95 ms'] : []), 'Queries']
  out.push(row(header), row(header.map((_, i) => i === 0 ? '---' : '---:')))
  for (const mode of report.modes) {
    out.push(row([
      `**Quarry ${cell(mode.label ?? mode.mode)}**`,
      ...columns.map(c => formatNumber(mode.metrics[c]?.mean)),
      ...(withLatency ? [formatMs(mode.latencyMs?.p50), formatMs(mode.latencyMs?.p95)] : []),
      String(Math.max(0, ...Object.values(mode.metrics).map(s => s.n)))
    ]))
  }
  const references = report.references
  for (const system of referenceSystems(references, columns)) {
    const figures = references.filter(r => r.system === system)
    out.push(row([
      `${cell(system)} (published)`,
      ...columns.map(c => formatNumber(figures.find(r => r.metric === c)?.value)),
      ...(withLatency ? ['—', '—'] : []),
      '—'
    ]))
  }
  out.push('')
  if (report.modes.length > 0) out.push('Quarry rows are means over the queries; latency is per query, end to end.', '')

  if (references.some(r => r.source !== undefined)) {
    out.push('### Published figures', '')
    const ordered = referenceSystems(references, columns).flatMap(system => references.filter(r => r.system === system))
    for (const r of ordered) {
      out.push(`- ${cell(r.system)}, ${metricLabel(r.metric)} ${formatNumber(r.value)}${r.source === undefined ? '' : `: ${cell(r.source)}`}`)
    }
    out.push('')
  }
  if (report.notes !== undefined && report.notes.length > 0) {
    out.push('### Notes', '', ...report.notes.map(n => `- ${cell(n)}`), '')
  }
  return out.join('\n')
}

function provenance (report: EvalReport): Array<[string, string]> {
  const items: Array<[string, string | undefined]> = [
    ['Created', report.createdAt],
    ['Git commit', code(report.gitCommit)],
    ['Corpus CID', code(report.corpusCid)],
    ['Index CID', code(report.indexCid)],
    ['Embedder', code(report.embedder)],
    ['LLM', code(report.llm)],
    ['Modes', report.modes.map(m => m.mode).join(', ')],
    ['Queries', String(new Set(report.rows.map(r => r.id)).size)]
  ]
  return items.filter((item): item is [string, string] => item[1] !== undefined && item[1] !== '')
}

function code (value: string | undefined): string | undefined {
  return value === undefined ? undefined : `\`${value.replace(/`/g, "'")}\``
}

/** Makes text safe inside a table cell: no pipes, no line breaks */
function cell (text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
}

function row (cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`
}
