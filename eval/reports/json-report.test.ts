import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, it, expect } from 'vitest'
import { summarize } from '../metrics/aggregate.js'
import { serializeJsonReport, writeJsonReport } from './json-report.js'
import { SCIFACT_NDCG10_REFERENCES } from './scifact-references.js'
import type { EvalReport } from './json-report.js'

const report: EvalReport = {
  version: 1,
  kind: 'retrieval',
  dataset: 'scifact',
  split: 'test',
  createdAt: '2025-01-01T00:00:00.000Z',
  gitCommit: 'a'.repeat(40),
  embedder: 'use-lite-512',
  modes: [{ mode: 'lexical', metrics: { 'ndcg@10': summarize([1, 0.5]), empty: summarize([]) }, latencyMs: summarize([2, 4]) }],
  headlineMetrics: ['ndcg@10'],
  references: [...SCIFACT_NDCG10_REFERENCES],
  rows: [{ id: '1', mode: 'lexical', query: 'q', metrics: { 'ndcg@10': 1, citation_precision: null }, latencyMs: 2 }]
}

describe('writeJsonReport', () => {
  let dir: string
  beforeAll(async () => { dir = await mkdtemp(path.join(tmpdir(), 'quarry-report-')) })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  it('writes the report as JSON, creating folders, NaN as null, no temp file left', async () => {
    const file = path.join(dir, 'nested', 'out', 'report.json')
    await writeJsonReport(report, file)
    const text = await readFile(file, 'utf8')
    expect(text.endsWith('\n')).toBe(true)
    const back = JSON.parse(text)
    expect(back.modes[0].metrics['ndcg@10']).toEqual({ mean: 0.75, p50: 0.75, p95: 0.975, min: 0.5, max: 1, n: 2 })
    expect(back.modes[0].metrics.empty).toEqual({ mean: null, p50: null, p95: null, min: null, max: null, n: 0 })
    expect(back.references).toHaveLength(6)
    expect(back.rows[0].metrics.citation_precision).toBeNull()
    expect(await readdir(path.dirname(file))).toEqual(['report.json'])
    expect(serializeJsonReport(report)).toBe(text)
  })

  it('honours an aborted signal', async () => {
    await expect(writeJsonReport(report, path.join(dir, 'x.json'), { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' })
  })
})

describe('SCIFACT_NDCG10_REFERENCES', () => {
  it('holds the six published nDCG@10 figures', () => {
    expect(SCIFACT_NDCG10_REFERENCES.map(r => [r.system, r.value])).toEqual([
      ['BM25 multifield', 0.665], ['BM25 flat', 0.679], ['all-MiniLM-L6-v2', 0.645],
      ['e5-small-v2', 0.689], ['bge-small-en-v1.5', 0.713], ['gte-small', 0.727]
    ])
    expect(SCIFACT_NDCG10_REFERENCES.every(r => r.metric === 'ndcg@10')).toBe(true)
  })
})
