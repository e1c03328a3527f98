import { describe, it, expect } from 'vitest'
import { summarize } from '../metrics/aggregate.js'
import { renderMarkdownReport } from './markdown-report.js'
import type { EvalReport } from './json-report.js'

const report: EvalReport = {
  version: 1,
  kind: 'retrieval',
  dataset: 'scifact',
  split: 'test',
  createdAt: '2025-01-01T00:00:00.000Z',
  gitCommit: '0123456789abcdef0123456789abcdef01234567',
  corpusCid: 'bafybeicorpus',
  modes: [
    { mode: 'lexical', metrics: { 'ndcg@10': summarize([0.5, 1]), 'recall@100': summarize([1, 1]) }, latencyMs: summarize([1, 3]) },
    { mode: 'hybrid', label: 'hybrid | rrf', metrics: { 'ndcg@10': summarize([0.25, 0.75]) } }
  ],
  headlineMetrics: ['ndcg@10'],
  references: [
    { system: 'BM25', metric: 'ndcg@10', value: 0.665, source: 'BEIR' },
    { system: 'gte-small', metric: 'ndcg@10', value: 0.727 },
    { system: 'BM25', metric: 'map@100', value: 0.6 }
  ],
  rows: [
    { id: '1', mode: 'lexical', query: 'a', metrics: {} },
    { id: '2', mode: 'lexical', query: 'b', metrics: {} },
    { id: '1', mode: 'hybrid', query: 'a', metrics: {} }
  ],
  notes: ['BM25 k1=0.9']
}

describe('renderMarkdownReport', () => {
  const md = renderMarkdownReport(report)

  it('lists provenance', () => {
    expect(md).toContain('# Quarry retrieval eval: scifact (test)')
    expect(md).toContain('- Git commit: `0123456789abcdef0123456789abcdef01234567`')
    expect(md).toContain('- Corpus CID: `bafybeicorpus`')
    expect(md).toContain('- Queries: 2')
    expect(md).not.toContain('Index CID')
  })

  it('puts every mode and the published figures in one table', () => {
    const table = md.split('\n').filter(l => l.startsWith('|'))
    expect(table).toEqual([
      '| System | nDCG@10 | Recall@100 | MAP@100 | p50 ms | p95 ms | Queries |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      '| **Quarry lexical** | 0.750 | 1.000 | — | 2.0 | 2.9 | 2 |',
      '| **Quarry hybrid \\| rrf** | 0.500 | — | — | — | — | 2 |',
      '| gte-small (published) | 0.727 | — | — | — | — | — |',
      '| BM25 (published) | 0.665 | — | 0.600 | — | — | — |'
    ])
  })

  it('cites sources and notes', () => {
    expect(md).toContain('- BM25, nDCG@10 0.665: BEIR')
    expect(md).toContain('### Notes\n\n- BM25 k1=0.9')
  })

  it('renders a report without modes, references or latency', () => {
    const bare = renderMarkdownReport({ ...report, modes: [], references: [], rows: [], notes: undefined })
    expect(bare.split('\n').filter(l => l.startsWith('|'))).toEqual(['| System | nDCG@10 | Queries |', '| --- | ---: | ---: |'])
    expect(bare).not.toContain('Published figures')
  })
})
