/**
 * Latency distributions as small-multiple histograms, as an inline SVG string.
 *
 * @packageDocumentation
 */

import { percentile } from '../metrics/aggregate.js'
import { escapeHtml } from './escape-html.js'
import { formatMs } from './format.js'

/** Input of {@link renderHistogramSvg} */
export interface HistogramInput {
  /** Accessible title (also drawn above the chart) */
  title: string
  /** One panel per series, sharing the x axis; non-finite values are ignored */
  series: ReadonlyArray<{ label: string, values: readonly number[], color: string }>
  /**
   * Number of bins
   *
   * @default 24
   */
  bins?: number
  /**
   * Total width in px
   *
   * @default 640
   */
  width?: number
}

const LEFT = 130
const RIGHT = 64
const PANEL_H = 64
const PANEL_GAP = 10

/**
 * Renders one histogram panel per series on a shared x axis (milliseconds),
 * marking each series' p50 (solid) and p95 (dashed). The axis is logarithmic
 * when the values span more than a factor of 20, so a 1 ms mode and a
 * 100 ms mode both stay readable; values beyond the 99th percentile of all
 * series fall into the last bin.
 */
export function renderHistogramSvg (input: HistogramInput): string {
  const width = input.width ?? 640
  const binCount = input.bins ?? 24
  const plotW = width - LEFT - RIGHT
  const series = input.series.map(s => ({ ...s, values: s.values.filter(v => Number.isFinite(v) && v >= 0) }))
  const all = series.flatMap(s => s.values)
  const positive = all.filter(v => v > 0)
  const lo = positive.length > 0 ? Math.min(...positive) : 0
  const hi = Math.max(percentile(all.length > 0 ? all : [1], 99), lo * 1.01, 1e-3)
  const log = lo > 0 && hi / lo > 20
  const toUnit = log
    ? (v: number): number => (Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))
    : (v: number): number => v / hi
  const x = (v: number): number => LEFT + Math.min(1, Math.max(0, toUnit(v))) * plotW

  const titleH = 22
  const height = titleH + series.length * (PANEL_H + PANEL_GAP) + 28
  const parts: string[] = []
  parts.push(`<svg class="chart" role="img" aria-label="${escapeHtml(input.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`)
  parts.push(`<title>${escapeHtml(input.title)}</title>`)
  parts.push(`<text x="0" y="15" font-weight="600" font-size="13">${escapeHtml(input.title)}${log ? ' (log scale)' : ''}</text>`)

  series.forEach((s, i) => {
    const top = titleH + i * (PANEL_H + PANEL_GAP)
    const base = top + PANEL_H
    const counts = new Array<number>(binCount).fill(0)
    for (const v of s.values) {
      const bin = Math.min(binCount - 1, Math.floor(Math.min(1, Math.max(0, toUnit(v))) * binCount))
      counts[bin] = (counts[bin] ?? 0) + 1
    }
    const maxCount = Math.max(1, ...counts)
    parts.push(`<text x="${LEFT - 8}" y="${top + PANEL_H / 2}" text-anchor="end">${escapeHtml(s.label)}</text>`)
    parts.push(`<text x="${LEFT - 8}" y="${top + PANEL_H / 2 + 14}" text-anchor="end" fill="#555" font-size="11">n=${s.values.length}</text>`)
    parts.push(`<line x1="${LEFT}" y1="${base}" x2="${width - RIGHT}" y2="${base}" stroke="#888"/>`)
    counts.forEach((c, b) => {
      if (c === 0) return
      const h = (c / maxCount) * (PANEL_H - 14)
      parts.push(`<rect x="${r(LEFT + (b / binCount) * plotW + 0.5)}" y="${r(base - h)}" width="${r(plotW / binCount - 1)}" height="${r(h)}" fill="${escapeHtml(s.color)}"><title>${c}</title></rect>`)
    })
    if (s.values.length > 0) {
      // p50 is labelled left of its line and p95 right of its, so they never collide
      for (const [p, dash, dx, anchor] of [[50, '', -3, 'end'], [95, ' stroke-dasharray="4 3"', 3, 'start']] as const) {
        const v = percentile(s.values, p)
        parts.push(`<line x1="${r(x(v))}" y1="${top + 2}" x2="${r(x(v))}" y2="${base}" stroke="#222"${dash}/>`)
        parts.push(`<text x="${r(x(v) + dx)}" y="${top + 10}" text-anchor="${anchor}" font-size="10" fill="#222">p${p} ${formatMs(v)}</text>`)
      }
    }
  })

  const axisY = titleH + series.length * (PANEL_H + PANEL_GAP)
  for (const t of ticks(log ? lo : 0, hi, log)) {
    parts.push(`<line x1="${r(x(t))}" y1="${axisY - PANEL_GAP}" x2="${r(x(t))}" y2="${axisY - PANEL_GAP + 4}" stroke="#888"/>`)
    parts.push(`<text x="${r(x(t))}" y="${axisY + 8}" text-anchor="middle" fill="#555">${Number.isInteger(t) ? t : formatMs(t)}</text>`)
  }
  parts.push(`<text x="${width - RIGHT}" y="${axisY + 22}" text-anchor="end" fill="#555">ms per query</text>`)
  parts.push('</svg>')
  return parts.join('')
}

/** Ticks within [lo, hi]: 1-2-5 per decade on a log axis (decades only beyond three), about five on a linear one */
function ticks (lo: number, hi: number, log: boolean): number[] {
  const out: number[] = []
  if (log) {
    const first = Math.floor(Math.log10(lo))
    const last = Math.ceil(Math.log10(hi))
    const mantissas = last - first > 3 ? [1] : [1, 2, 5]
    for (let e = first; e <= last; e++) {
      for (const m of mantissas) {
        const t = m * 10 ** e
        if (t >= lo && t <= hi) out.push(t)
      }
    }
    return out
  }
  const raw = hi / 5
  const mag = 10 ** Math.floor(Math.log10(raw))
  const step = ([1, 2, 5, 10].find(m => m * mag >= raw) ?? 10) * mag
  for (let t = 0; t <= hi + 1e-9; t += step) out.push(t)
  return out
}

function r (v: number): string {
  return String(Math.round(v * 10) / 10)
}
