import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { embedTexts } from './embed-chunks.js'
import { openEmbeddingCache } from './embedding-cache.js'
import { createMemoryEmbeddingCache } from './memory-embedding-cache.js'
import { createUseEmbeddings } from './use-embeddings.js'
import type { EmbedItem } from './embed-chunks.js'
import type { EmbedBatchProgress, Embedder } from '../embedder.js'

const TEXTS = [
  'Filecoin is a decentralized storage network built on IPFS.',
  'Storage providers prove they keep data with proofs of replication and spacetime.',
  'A deal is an agreement between a client and a storage provider.',
  'Retrieval providers serve data back to clients quickly.',
  'FIL is the native token used to pay for storage and retrieval.',
  'Lotus is the reference implementation of a Filecoin node.',
  'The Filecoin Virtual Machine runs smart contracts on chain.',
  'Sectors are the unit of storage that providers seal.'
]

async function items (texts: string[]): Promise<EmbedItem[]> {
  return Promise.all(texts.map(async text => ({
    key: CID.createV1(raw.code, await sha256.digest(new TextEncoder().encode(text))).toString(),
    text
  })))
}

/** The real USE embedder, counting the texts it is asked to embed */
function counting (inner: Embedder): Embedder & { texts: number } {
  const wrapper = {
    id: inner.id,
    ...(inner.cacheId !== undefined ? { cacheId: inner.cacheId } : {}),
    dimensions: inner.dimensions,
    texts: 0,
    async embedDocuments (texts: string[], options?: Parameters<Embedder['embedDocuments']>[1]) {
      wrapper.texts += texts.length
      return inner.embedDocuments(texts, options)
    },
    embedQuery: inner.embedQuery.bind(inner)
  }
  return wrapper
}

describe('embedTexts', () => {
  const use = createUseEmbeddings()
  let dir: string

  beforeAll(async () => {
    await use.init()
    dir = await mkdtemp(path.join(tmpdir(), 'quarry-embed-texts-'))
  })

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('embeds in batches, in order, reporting progress', async () => {
    const embedder = counting(use)
    const events: EmbedBatchProgress[] = []
    const list = await items(TEXTS)
    const result = await embedTexts(embedder, list, { batchSize: 3, onProgress: e => events.push(e) })
    expect(result).toMatchObject({ reused: 0, embedded: TEXTS.length })
    expect(events.map(e => [e.type, e.done, e.total])).toEqual([
      ['indexes:embed:batch', 3, 8], ['indexes:embed:batch', 6, 8], ['indexes:embed:batch', 8, 8]
    ])
    const direct = await use.embedDocuments(TEXTS)
    result.vectors.forEach((v, i) => {
      expect(v.reduce((s, x, j) => s + x * (direct[i]?.[j] ?? 0), 0)).toBeCloseTo(1, 4)
    })
  })

  it('groups texts of similar length into the same batch and still returns vectors in item order', async () => {
    const batches: string[][] = []
    const recording: Embedder = { id: use.id, dimensions: use.dimensions, embedQuery: async (t, o) => use.embedQuery(t, o), embedDocuments: async (texts, o) => { batches.push(texts); return use.embedDocuments(texts, o) } }
    const texts = ['a long text about storage providers and sealing sectors, then proving them every day', 'short', 'a medium text on deals', 'tiny', 'another long text on retrieval markets and payment channels in the network', 'mid-sized words here']
    const result = await embedTexts(recording, await items(texts), { batchSize: 2 })
    expect(batches.map(b => b.map(t => t.length))).toEqual([[4, 5], [20, 22], [74, 84]])
    const direct = await use.embedDocuments(texts)
    result.vectors.forEach((v, i) => {
      expect(v.reduce((s, x, j) => s + x * (direct[i]?.[j] ?? 0), 0)).toBeCloseTo(1, 4)
    })
  })

  it('orders texts by the embedder\'s batch key when it has one (USE: tokens), ties in item order', async () => {
    const batches: string[][] = []
    const keyed: Embedder = {
      id: use.id,
      dimensions: use.dimensions,
      batchKey: t => use.batchKey?.(t) ?? t.length,
      embedQuery: async (t, o) => use.embedQuery(t, o),
      embedDocuments: async (texts, o) => { batches.push(texts); return use.embedDocuments(texts, o) }
    }
    // by characters 'a b c d e f' (11) comes before 'internationalization' (20); by tokens (6 and 2) after it
    const texts = [TEXTS[0] as string, 'a b c d e f', 'internationalization', 'storage', TEXTS[1] as string]
    const tokens = texts.map(t => use.batchKey?.(t) ?? 0)
    expect(tokens[1]).toBeGreaterThan(tokens[2] as number)
    const result = await embedTexts(keyed, await items(texts), { batchSize: 2 })
    expect(batches.flat()).toEqual([...texts].sort((a, b) => (use.batchKey?.(a) ?? 0) - (use.batchKey?.(b) ?? 0)))
    expect(result.vectors).toEqual(await use.embedDocuments(texts))
  })

  it('keeps `concurrency` batches in flight and still returns vectors in item order', async () => {
    let inFlight = 0
    let most = 0
    const overlapping: Embedder = {
      id: use.id,
      dimensions: use.dimensions,
      embedQuery: async (t, o) => use.embedQuery(t, o),
      embedDocuments: async (texts, o) => {
        most = Math.max(most, ++inFlight)
        try { return await use.embedDocuments(texts, o) } finally { inFlight-- }
      }
    }
    const events: EmbedBatchProgress[] = []
    const result = await embedTexts(overlapping, await items(TEXTS), { batchSize: 2, concurrency: 2, onProgress: e => events.push(e) })
    expect(most).toBe(2)
    // batches are written and reported in order
    expect(events.map(e => e.done)).toEqual([2, 4, 6, 8])
    const direct = await use.embedDocuments(TEXTS)
    result.vectors.forEach((v, i) => {
      expect(v.reduce((s, x, j) => s + x * (direct[i]?.[j] ?? 0), 0)).toBeCloseTo(1, 4)
    })
  })

  it('reuses cached vectors and embeds only misses; duplicate keys are embedded once', async () => {
    const cache = createMemoryEmbeddingCache({ embedderId: use.cacheId ?? use.id, dimensions: use.dimensions })
    const first = counting(use)
    const list = await items(TEXTS.slice(0, 5))
    await embedTexts(first, [...list, list[0] as EmbedItem], { cache })
    expect(first.texts).toBe(5)
    const second = counting(use)
    const more = await items(TEXTS)
    const result = await embedTexts(second, more, { cache })
    expect(second.texts).toBe(3)
    expect(result).toMatchObject({ reused: 5, embedded: 3 })
    expect(result.vectors).toHaveLength(8)
  })

  it('keeps the progress of an aborted build in the persistent cache', async () => {
    const list = await items(TEXTS)
    const cache = await openEmbeddingCache({ dir, embedderId: use.cacheId ?? use.id, dimensions: use.dimensions })
    const controller = new AbortController()
    // two batches in flight: the one running when the abort comes is dropped, not half-kept
    const run = embedTexts(use, list, { cache, batchSize: 2, concurrency: 2, signal: controller.signal, onProgress: e => { if (e.done >= 4) controller.abort() } })
    await expect(run).rejects.toThrow(/abort/i)
    await cache.close() // simulate the process going away; records were flushed per batch

    const reopened = await openEmbeddingCache({ dir, embedderId: use.cacheId ?? use.id, dimensions: use.dimensions })
    expect(reopened.size).toBe(4)
    const embedder = counting(use)
    const result = await embedTexts(embedder, list, { cache: reopened })
    expect(result).toMatchObject({ reused: 4, embedded: 4 })
    expect(embedder.texts).toBe(4)
    await reopened.close()
  })

  it('refuses a cache that belongs to another embedder', async () => {
    const cache = createMemoryEmbeddingCache({ embedderId: 'openai:nomic-embed-text' })
    await expect(embedTexts(use, await items(TEXTS.slice(0, 1)), { cache })).rejects.toMatchObject({ name: 'InvalidEmbedderError' })
  })

  it('reports completion when everything comes from the cache', async () => {
    const cache = createMemoryEmbeddingCache()
    const list = await items(TEXTS.slice(0, 2))
    await embedTexts(use, list, { cache })
    const events: EmbedBatchProgress[] = []
    const result = await embedTexts(use, list, { cache, onProgress: e => events.push(e) })
    expect(result).toMatchObject({ reused: 2, embedded: 0 })
    expect(events).toEqual([{ type: 'indexes:embed:batch', done: 2, total: 2 }])
  })
})
