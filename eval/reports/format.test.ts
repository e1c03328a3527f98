import { describe, it, expect } from 'vitest'
import { formatMs, formatNumber, metricColumns, metricLabel } from './format.js'
import { escapeHtml } from './escape-html.js'
import { PALETTE, seriesColor } from './palette.js'

describe('report formatting', () => {
  it('labels metric keys', () => {
    expect(metricLabel('ndcg@10')).toBe('nDCG@10')
    expect(metricLabel('recall@100')).toBe('Recall@100')
    expect(metricLabel('token_f1')).toBe('Token F1')
    expect(metricLabel('my_metric')).toBe('my metric')
  })

  it('formats numbers and milliseconds, with — for missing values', () => {
    expect(formatNumber(0.66744)).toBe('0.667')
    expect(formatNumber(Number.NaN)).toBe('—')
    expect(formatNumber(null)).toBe('—')
    expect(formatMs(3.14159)).toBe('3.1')
    expect(formatMs(1234.5)).toBe('1235')
    expect(formatMs(undefined)).toBe('—')
  })

  it('orders metric columns: headline, then mode metrics, then reference-only metrics', () => {
    expect(metricColumns(['ndcg@10'], [{ 'recall@100': 1, 'ndcg@10': 1 }], ['map@100', 'ndcg@10'])).toEqual(['ndcg@10', 'recall@100', 'map@100'])
  })

  it('escapes HTML and cycles colours', () => {
    expect(escapeHtml('<a href="x">&\'</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;')
    expect(seriesColor(0)).toBe(PALETTE[0])
    expect(seriesColor(PALETTE.length)).toBe(PALETTE[0])
  })
})
