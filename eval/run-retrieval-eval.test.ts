import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, it, expect } from 'vitest'
import { openQuarrySession, type QuarrySession } from '../session/index.js'
import { loadBeirDataset } from './beir-dataset.js'
import { runRetrievalEval, type RetrievalEvalProgressEvent } from './run-retrieval-eval.js'
import type { BeirDataset } from './beir-dataset.js'

// A long document split into several chunks must still rank once, at its best chunk
const LONG = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} is about volcanoes, lava flows and magma chambers under the island.`).join('\n\n')
const CORPUS = [
  { _id: 'volcano', title: 'Volcanoes', text: LONG },
  { _id: 'bees', title: 'Honey bees', text: 'Honey bees pollinate flowers and make honey in hives.' },
  { _id: 'chess', title: 'Chess openings', text: 'The Sicilian defence is a popular chess opening for black.' },
  { _id: 'bread', title: 'Sourdough', text: 'Sourdough bread rises with wild yeast and lactic acid bacteria.' },
  { _id: 'orbit', title: 'Orbits', text: 'Satellites in geostationary orbit circle the earth once a day.' },
  { _id: 'tides', title: 'Tides', text: 'Ocean tides are caused by the gravity of the moon and the sun.' }
]
const QUERIES = [
  { _id: 'q1', text: 'Which insects make honey?' },
  { _id: 'q2', text: 'What causes ocean tides?' },
  { _id: 'q3', text: 'magma and lava of volcanoes' },
  { _id: 'q4', text: 'a chess opening for black' }
]
const QRELS = 'query-id\tcorpus-id\tscore\nq1\tbees\t1\nq2\ttides\t1\nq3\tvolcano\t2\nq4\tchess\t1\n'

describe('runRetrievalEval', () => {
  let dir: string
  let folder: string
  let session: QuarrySession
  let dataset: BeirDataset

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'quarry-retrieval-eval-'))
    folder = path.join(dir, 'tiny-beir')
    await mkdir(path.join(folder, 'qrels'), { recursive: true })
    await writeFile(path.join(folder, 'corpus.jsonl'), CORPUS.map(r => JSON.stringify(r)).join('\n') + '\n')
    await writeFile(path.join(folder, 'queries.jsonl'), QUERIES.map(r => JSON.stringify(r)).join('\n') + '\n')
    await writeFile(path.join(folder, 'qrels', 'test.tsv'), QRELS)
    dataset = await loadBeirDataset(folder)
    session = await openQuarrySession({ home: path.join(dir, 'home') })
  })
  afterAll(async () => {
    await session?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('ranks documents in every mode and reports metrics, latency and provenance', async () => {
    const events: RetrievalEvalProgressEvent[] = []
    const report = await runRetrievalEval({
      session, dataset, corpusSource: folder, k: 3, depth: 5, chunk: { chunkSize: 200, chunkOverlap: 20 }, onProgress: e => events.push(e)
    })
    expect(report).toMatchObject({ version: 1, kind: 'retrieval', dataset: 'tiny-beir', split: 'test', embedder: 'use:universal-sentence-encoder-lite', references: [] })
    expect(report.corpusCid).toMatch(/^bafy/)
    expect(report.indexCid).toMatch(/^bafy/)
    expect(report.headlineMetrics).toEqual(['ndcg@3', 'recall@5'])
    expect(report.modes.map(m => m.mode)).toEqual(['lexical', 'dense', 'hybrid'])
    expect(report.notes?.join('\n')).toMatch(/chunkSize 200, chunkOverlap 20, minChunkChars 40 → \d+ chunks from 6 documents/)
    for (const mode of report.modes) {
      expect(Object.keys(mode.metrics)).toEqual(['ndcg@3', 'recall@3', 'recall@5', 'mrr@3'])
      for (const s of Object.values(mode.metrics)) {
        expect(s.n).toBe(4)
        expect(s.mean).toBeGreaterThanOrEqual(0)
        expect(s.mean).toBeLessThanOrEqual(1)
      }
      expect(mode.latencyMs?.n).toBe(4)
      expect(mode.latencyMs?.min).toBeGreaterThan(0)
    }
    // these queries are easy: BM25 puts every relevant document first
    expect(report.modes[0]?.metrics['ndcg@3']?.mean).toBe(1)
    expect(report.modes[2]?.metrics['recall@5']?.mean).toBe(1)
    expect(report.rows).toHaveLength(12)
    const volcano = report.rows.find(r => r.mode === 'lexical' && r.id === 'q3')
    expect(volcano).toMatchObject({ query: 'magma and lava of volcanoes', relevant: ['volcano'] })
    expect(volcano?.retrieved?.[0]).toBe('volcano')
    for (const row of report.rows) expect(new Set(row.retrieved).size).toBe(row.retrieved?.length)
    expect(events.filter(e => e.type === 'eval:retrieval:query')).toHaveLength(12)
    expect(events.find(e => e.type === 'eval:index:ready')).toMatchObject({ built: true, indexCid: report.indexCid })
  })

  it('reuses the index on a rerun with the same chunking, and builds another for other chunking', async () => {
    const events: RetrievalEvalProgressEvent[] = []
    const first = await runRetrievalEval({ session, dataset, corpusSource: folder, k: 3, depth: 5, modes: ['lexical'], chunk: { chunkSize: 200, chunkOverlap: 20 }, onProgress: e => events.push(e) })
    expect(events.find(e => e.type === 'eval:index:ready')).toMatchObject({ built: false })
    expect(events.some(e => e.type === 'indexes:embed:batch')).toBe(false)
    expect(first.notes?.join('\n')).toMatch(/index: reused/)

    // the default chunking keeps the long document whole; the corpus, written from the dataset, is the same documents
    const other = await runRetrievalEval({ session, dataset, modes: ['lexical'] })
    expect(other.indexCid).not.toBe(first.indexCid)
    expect(other.headlineMetrics).toEqual(['ndcg@10', 'recall@100'])
    expect(other.notes?.join('\n')).toMatch(/chunkSize 4000, chunkOverlap 200, minChunkChars 40 → 6 chunks from 6 documents/)
  })

  it('rejects bad cut-offs and stops when aborted', async () => {
    await expect(runRetrievalEval({ session, dataset, k: 0 })).rejects.toThrow(RangeError)
    await expect(runRetrievalEval({ session, dataset, modes: [] })).rejects.toThrow(/at least one/)
    await expect(runRetrievalEval({ session, dataset, signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' })
  })
})
