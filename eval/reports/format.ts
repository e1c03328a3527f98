/**
 * Formatting shared by the Markdown and HTML reports.
 *
 * @packageDocumentation
 */

const NAMES: Record<string, string> = {
  ndcg: 'nDCG',
  recall: 'Recall',
  precision: 'P',
  mrr: 'MRR',
  map: 'MAP',
  token_f1: 'Token F1',
  exact_match: 'Exact match',
  citation_precision: 'Citation precision',
  relevant_cited: 'Relevant source cited',
  abstained: 'Abstained'
}

/** Display name of a metric key: `ndcg@10` → `nDCG@10`, `token_f1` → `Token F1` */
export function metricLabel (key: string): string {
  const at = key.indexOf('@')
  const base = at === -1 ? key : key.slice(0, at)
  const name = NAMES[base] ?? base.replace(/_/g, ' ')
  return at === -1 ? name : `${name}${key.slice(at)}`
}

/** A number with `digits` decimals, or `—` for a missing or non-finite value */
export function formatNumber (value: number | null | undefined, digits = 3): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '—'
}

/** Milliseconds, with one decimal below 100 ms and none above */
export function formatMs (value: number | null | undefined): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—'
  return value < 100 ? value.toFixed(1) : Math.round(value).toString()
}

/**
 * The metric columns of a report: the headline metrics first, then every
 * other metric the modes report, then metrics only the references have.
 */
export function metricColumns (headline: readonly string[], modeMetrics: ReadonlyArray<Record<string, unknown>>, referenceMetrics: readonly string[]): string[] {
  const columns = new Set(headline)
  for (const m of modeMetrics) for (const key of Object.keys(m)) columns.add(key)
  for (const key of referenceMetrics) columns.add(key)
  return [...columns]
}

/**
 * The systems of the published references, in table order: by the first
 * column (of `columns`) they have a figure for, then by that figure, best first.
 */
export function referenceSystems (references: ReadonlyArray<{ system: string, metric: string, value: number }>, columns: readonly string[]): string[] {
  const rank = (metric: string): number => {
    const i = columns.indexOf(metric)
    return i === -1 ? columns.length : i
  }
  const sorted = [...references].sort((a, b) => rank(a.metric) - rank(b.metric) || b.value - a.value)
  return [...new Set(sorted.map(r => r.system))]
}
