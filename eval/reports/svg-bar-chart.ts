/**
 * A horizontal bar chart with reference lines, as an inline SVG string.
 *
 * @packageDocumentation
 */

import { escapeHtml } from './escape-html.js'
import { formatNumber } from './format.js'
import { contrastText } from './palette.js'

/** Input of {@link renderBarChartSvg} */
export interface BarChartInput {
  /** Accessible title (also drawn above the chart) */
  title: string
  /** One bar per series; a non-finite value is drawn as `n/a` */
  bars: ReadonlyArray<{ label: string, value: number, color: string }>
  /** Vertical dashed lines for published figures, labelled with name and value */
  references?: ReadonlyArray<{ label: string, value: number }>
  /**
   * Value axis range
   *
   * @default [0, max(1, largest value)]
   */
  domain?: [number, number]
  /**
   * Total width in px
   *
   * @default 640
   */
  width?: number
}

const LABEL_W = 130
const VALUE_W = 48
const BAR_H = 22
const BAR_GAP = 8
const LANE_H = 14
const CHAR_W = 6.2

/**
 * Renders a horizontal bar chart as a standalone `<svg>` element (no external
 * resources). Reference labels are stacked in as many lanes as needed so
 * that close figures do not overlap.
 */
export function renderBarChartSvg (input: BarChartInput): string {
  const width = input.width ?? 640
  const plotW = width - LABEL_W - VALUE_W
  const finite = [...input.bars.map(b => b.value), ...(input.references ?? []).map(r => r.value)].filter(Number.isFinite)
  const [lo, hi] = input.domain ?? [0, Math.max(1, ...finite)]
  const x = (v: number): number => LABEL_W + (Math.min(Math.max(v, lo), hi) - lo) / (hi - lo || 1) * plotW

  // Reference labels sit in lanes above the plot, each to the right of its
  // line. Taking references in ascending order and opening a new lane nearest
  // the plot whenever the nearest lane is taken keeps every line clear of the
  // labels below it.
  const refs = [...(input.references ?? [])].filter(r => Number.isFinite(r.value)).sort((a, b) => a.value - b.value)
  const lanes: number[] = []
  const placed: Array<{ value: number, text: string, start: number, lane: number }> = []
  for (const r of refs) {
    const text = `${r.label} ${formatNumber(r.value)}`
    const start = x(r.value) + 4
    if (lanes.length === 0 || (lanes[0] ?? 0) + 6 > start) {
      lanes.unshift(0)
      for (const p of placed) p.lane++
    }
    lanes[0] = start + text.length * CHAR_W
    placed.push({ value: r.value, text, start, lane: 0 })
  }
  const titleH = 22
  const top = titleH + lanes.length * LANE_H + (lanes.length > 0 ? 4 : 0)
  const plotH = Math.max(1, input.bars.length) * (BAR_H + BAR_GAP)
  const height = top + plotH + 24
  // grow to the right rather than clip a label of a figure near the axis end
  const svgW = Math.ceil(Math.max(width, ...lanes.map(right => right + 4)))

  const parts: string[] = []
  parts.push(`<svg class="chart" role="img" aria-label="${escapeHtml(input.title)}" width="${svgW}" height="${n(height)}" viewBox="0 0 ${svgW} ${n(height)}" font-family="system-ui, sans-serif" font-size="12">`)
  parts.push(`<title>${escapeHtml(input.title)}</title>`)
  parts.push(`<text x="0" y="15" font-weight="600" font-size="13">${escapeHtml(input.title)}</text>`)
  for (let t = 0; t <= 5; t++) {
    const v = lo + (hi - lo) * t / 5
    parts.push(`<line x1="${n(x(v))}" y1="${n(top)}" x2="${n(x(v))}" y2="${n(top + plotH)}" stroke="#ddd"/>`)
    parts.push(`<text x="${n(x(v))}" y="${n(top + plotH + 16)}" text-anchor="middle" fill="#555">${formatNumber(v, 1)}</text>`)
  }
  input.bars.forEach((bar, i) => {
    const y = top + i * (BAR_H + BAR_GAP) + BAR_GAP / 2
    parts.push(`<text x="${LABEL_W - 8}" y="${n(y + BAR_H / 2 + 4)}" text-anchor="end">${escapeHtml(bar.label)}</text>`)
    if (Number.isFinite(bar.value)) {
      parts.push(`<rect x="${LABEL_W}" y="${n(y)}" width="${n(Math.max(0, x(bar.value) - LABEL_W))}" height="${BAR_H}" fill="${escapeHtml(bar.color)}"><title>${escapeHtml(`${bar.label}: ${formatNumber(bar.value)}`)}</title></rect>`)
    }
  })
  for (const r of placed) {
    const ly = top - 4 - r.lane * LANE_H
    parts.push(`<line class="ref" x1="${n(x(r.value))}" y1="${n(ly - 9)}" x2="${n(x(r.value))}" y2="${n(top + plotH)}" stroke="#444" stroke-dasharray="4 3"/>`)
    parts.push(`<text x="${n(r.start)}" y="${n(ly)}" fill="#333" font-size="11">${escapeHtml(r.text)}</text>`)
  }
  // values go inside the bar's start (clear of the reference lines) when it is long enough
  input.bars.forEach((bar, i) => {
    const y = top + i * (BAR_H + BAR_GAP) + BAR_GAP / 2 + BAR_H / 2 + 4
    if (!Number.isFinite(bar.value)) {
      parts.push(`<text x="${LABEL_W + 4}" y="${n(y)}" fill="#555">n/a</text>`)
    } else if (x(bar.value) - LABEL_W >= 52) {
      parts.push(`<text x="${LABEL_W + 6}" y="${n(y)}" font-weight="600" fill="${contrastText(bar.color)}">${formatNumber(bar.value)}</text>`)
    } else {
      parts.push(`<text x="${n(x(bar.value) + 4)}" y="${n(y)}" font-weight="600">${formatNumber(bar.value)}</text>`)
    }
  })
  parts.push(`<line x1="${LABEL_W}" y1="${n(top)}" x2="${LABEL_W}" y2="${n(top + plotH)}" stroke="#888"/>`)
  parts.push('</svg>')
  return parts.join('')
}

function n (v: number): string {
  return String(Math.round(v * 10) / 10)
}
