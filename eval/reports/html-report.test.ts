import { describe, it, expect } from 'vitest'
import { summarize } from '../metrics/aggregate.js'
import { renderHtmlReport } from './html-report.js'
import { SCIFACT_NDCG10_REFERENCES } from './scifact-references.js'
import type { EvalQueryRow, EvalReport } from './json-report.js'

function fixture (): EvalReport {
  const rows: EvalQueryRow[] = []
  for (const [mode, ndcg, ms] of [['lexical', 0.6, 2], ['hybrid', 0.7, 40]] as const) {
    for (let i = 0; i < 20; i++) {
      rows.push({ id: `q${i}`, mode, query: i === 0 ? '<script>alert(1)</script>' : `query ${i}`, metrics: { 'ndcg@10': ndcg + (i % 5) / 50, 'recall@100': 0.9 }, latencyMs: ms * (1 + i / 20), retrieved: ['d1', 'd2'], relevant: ['d1'] })
    }
  }
  const modeResult = (mode: string): EvalReport['modes'][number] => {
    const r = rows.filter(x => x.mode === mode)
    return {
      mode,
      metrics: { 'ndcg@10': summarize(r.map(x => x.metrics['ndcg@10'] ?? undefined)), 'recall@100': summarize(r.map(x => x.metrics['recall@100'] ?? undefined)) },
      latencyMs: summarize(r.map(x => x.latencyMs))
    }
  }
  return {
    version: 1,
    kind: 'retrieval',
    dataset: 'scifact',
    split: 'test',
    createdAt: '2025-01-01T00:00:00.000Z',
    gitCommit: 'abc" onload="x',
    modes: [modeResult('lexical'), modeResult('hybrid')],
    headlineMetrics: ['ndcg@10', 'recall@100'],
    references: [...SCIFACT_NDCG10_REFERENCES],
    rows,
    notes: ['note & caveat']
  }
}

describe('renderHtmlReport', () => {
  const html = renderHtmlReport(fixture())

  it('is one self-contained page: no scripts, stylesheets, fonts, images or remote URLs', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).toContain('<style>')
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|@font-face|url\(|src=|https?:\/\//i)
  })

  it('escapes dataset text and provenance', () => {
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('abc&quot; onload=&quot;x')
    expect(html).toContain('note &amp; caveat')
  })

  it('charts each headline metric with the published figures as reference lines', () => {
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? []
    expect(svgs).toHaveLength(3) // nDCG@10, Recall@100, latency
    expect(svgs[0]).toContain('aria-label="nDCG@10"')
    expect(svgs[0]?.match(/class="ref"/g)).toHaveLength(6)
    expect(svgs[0]).toContain('gte-small 0.727')
    expect(svgs[1]).toContain('aria-label="Recall@100"')
    expect(svgs[1]).not.toContain('class="ref"')
    expect(svgs[2]).toContain('Latency per query (log scale)')
  })

  it('has a metrics table with modes and references, and a collapsible per-query table per mode', () => {
    expect(html).toMatch(/Quarry lexical<\/td><td><span title="[^"]+">0\.640<\/span>/)
    expect(html).toContain('gte-small <span class="muted">(published: model card / MTEB)</span>')
    expect(html.match(/<details>/g)).toHaveLength(2)
    expect(html).toContain('<summary>hybrid: 20 queries</summary>')
    expect(html.match(/<td class="id">/g)).toHaveLength(40)
  })

  it('renders a QA report without latency or references', () => {
    const qa = renderHtmlReport({
      ...fixture(),
      kind: 'qa',
      headlineMetrics: ['token_f1'],
      references: [],
      modes: [{ mode: 'extractive', metrics: { token_f1: summarize([0.5]) } }],
      rows: [{ id: 'a', mode: 'extractive', query: 'What is FVM', metrics: { token_f1: 0.5, citation_precision: null }, answer: 'FVM is [1].', citations: ['faqs.md'] }]
    })
    expect(qa).not.toContain('<h2>Latency</h2>')
    expect(qa).toContain('<th class="text">Answer</th>')
    expect(qa).toContain('<td class="text">FVM is [1].</td><td class="text">faqs.md</td>')
  })
})
