import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest'
import { readFile } from 'node:fs/promises'
import { openQuarrySession, type QuarrySession } from '../session/index.js'
import { HAS_SHARED, shared } from './helpers/shared.js'
import type { QuarryIndex, SearchMode } from '../indexes/index.js'

interface FaqSample { question: string, relevant: string[] }

describe.skipIf(!HAS_SHARED)('Filecoin docs index: retrieval on the FAQ dev set', () => {
  let session: QuarrySession
  let index: QuarryIndex
  let samples: FaqSample[]

  beforeAll(async () => {
    session = await openQuarrySession({ home: inject('quarryTestHome') })
    index = await session.openIndex({ ref: 'filecoin-docs' })
    samples = (await readFile(shared('eval/filecoin-docs-faq-dev.jsonl'), 'utf8')).trim().split('\n').map(l => JSON.parse(l) as FaqSample)
  })
  afterAll(async () => session?.close())

  const recallAt5 = async (mode: SearchMode): Promise<number> => {
    let hits = 0
    for (const s of samples) {
      const results = await index.search(s.question, { k: 5, mode })
      if (results.some(r => s.relevant.includes(r.chunk.path))) hits++
    }
    return hits / samples.length
  }

  it('hybrid recall@5 of the relevant page is at least 0.9 and at least each single mode', async () => {
    expect(samples.length).toBe(37)
    const hybrid = await recallAt5('hybrid')
    const dense = await recallAt5('dense')
    const lexical = await recallAt5('lexical')
    console.log(`FAQ recall@5: hybrid ${hybrid.toFixed(3)}, dense ${dense.toFixed(3)}, lexical ${lexical.toFixed(3)}`)
    expect(hybrid).toBeGreaterThanOrEqual(0.9)
    expect(hybrid).toBeGreaterThanOrEqual(dense)
    expect(hybrid).toBeGreaterThanOrEqual(lexical)
  })

  it('returns results with scores and chunk metadata whose CIDs hash their text', async () => {
    const { verifyChunkCid } = await import('../indexes/index.js')
    const results = await index.search('What is a storage provider?', { k: 5 })
    expect(results).toHaveLength(5)
    for (const r of results) {
      expect(r.score).toBeGreaterThan(0)
      expect(await verifyChunkCid(r.chunk.text, r.chunk.chunkCid)).toBe(true)
      expect(r.chunk.path).toMatch(/\.md$/)
    }
    expect(index.manifest.embedder.id).toBe('use:universal-sentence-encoder-lite')
    expect(index.manifest.hnsw.ef).toBeGreaterThan(0)
  })
})
