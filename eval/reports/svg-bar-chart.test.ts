import { describe, it, expect } from 'vitest'
import { renderBarChartSvg } from './svg-bar-chart.js'

describe('renderBarChartSvg', () => {
  const svg = renderBarChartSvg({
    title: 'nDCG@10 <test>',
    bars: [{ label: 'lexical', value: 0.5, color: '#0072B2' }, { label: 'vector', value: Number.NaN, color: '#E69F00' }],
    references: [{ label: 'BM25', value: 0.665 }, { label: 'gte', value: 0.727 }, { label: 'off', value: Number.NaN }]
  })

  it('draws one bar per finite value, n/a otherwise, and one dashed line per finite reference', () => {
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg.endsWith('</svg>')).toBe(true)
    expect(svg.match(/<rect /g)).toHaveLength(1)
    expect(svg).toContain('n/a')
    expect(svg.match(/class="ref"/g)).toHaveLength(2)
    expect(svg).toContain('BM25 0.665')
    expect(svg).toContain('gte 0.727')
    expect(svg).toContain('nDCG@10 &lt;test&gt;')
  })

  it('places the bar and reference lines on a 0–1 axis', () => {
    // LABEL_W 130, plot 640 − 130 − 48 = 462 px: 0.5 → width 231; 0.665 → x 437.2
    expect(svg).toMatch(/<rect x="130" y="[\d.]+" width="231"/)
    expect(svg).toMatch(/<line class="ref" x1="437.2"/)
  })

  it('stacks close reference labels in separate lanes and widens the chart to fit them', () => {
    const dense = renderBarChartSvg({
      title: 't',
      bars: [{ label: 'a', value: 0.7, color: '#000000' }],
      references: [0.645, 0.665, 0.679, 0.689, 0.713, 0.727, 0.99].map((value, i) => ({ label: `reference system ${i}`, value }))
    })
    const ys = [...dense.matchAll(/<text x="[\d.]+" y="([\d.]+)" fill="#333" font-size="11">/g)].map(m => m[1])
    expect(new Set(ys).size).toBe(7)
    const width = Number(/width="(\d+)"/.exec(dense)?.[1])
    expect(width).toBeGreaterThan(640)
  })
})
