import { describe, it, expect } from 'vitest'
import { renderHistogramSvg } from './svg-histogram.js'

describe('renderHistogramSvg', () => {
  it('draws a panel per series with p50/p95 markers on a linear axis for narrow ranges', () => {
    const svg = renderHistogramSvg({
      title: 'Latency',
      series: [{ label: 'lexical', values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], color: '#0072B2' }, { label: 'none', values: [], color: '#E69F00' }]
    })
    expect(svg).not.toContain('log scale')
    expect(svg).toContain('n=10')
    expect(svg).toContain('n=0')
    expect(svg).toContain('p50 5.5')
    expect(svg).toContain('p95 9.5') // 1 + 0.95 · 9 = 9.55, 9.549… in binary
    const counts = [...svg.matchAll(/<title>(\d+)<\/title><\/rect>/g)].reduce((n, m) => n + Number(m[1]), 0)
    expect(counts).toBe(10)
  })

  it('switches to a log axis when values span more than a factor of 20, and skips non-finite values', () => {
    const svg = renderHistogramSvg({
      title: 'Latency',
      series: [{ label: 'fast', values: [1, 1.2, Number.NaN], color: '#000000' }, { label: 'slow', values: [80, 100, 120], color: '#000000' }]
    })
    expect(svg).toContain('(log scale)')
    expect(svg).toContain('n=2')
    const counts = [...svg.matchAll(/<title>(\d+)<\/title><\/rect>/g)].reduce((n, m) => n + Number(m[1]), 0)
    expect(counts).toBe(5)
  })
})
