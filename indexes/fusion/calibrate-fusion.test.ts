import { describe, it, expect } from 'vitest'
import { binaryNdcg, calibrateFusion } from './calibrate-fusion.js'
import { chunkCid } from '../chunking/chunk-cid.js'
import { seededRandom } from './choose-dense-weight.js'
import { DEFAULT_FUSION } from './fusion-settings.js'
import { createHnswIndex } from '../search/hnsw-index.js'
import { createLexicalIndex } from '../search/lexical-index.js'
import { pseudoQueries } from './pseudo-queries.js'
import { createQuarryIndex, type QuarryIndex } from '../search/quarry-index.js'
import type { Chunk } from '../chunk.js'
import type { Embedder } from '../embedder.js'
import type { IndexManifest } from '../store/index-manifest.js'

const N = 60
const VOCAB = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima', 'mike', 'november', 'oscar', 'papa', 'quebec', 'romeo', 'sierra', 'tango']

/** Chunks of 40 words from a 20-word vocabulary: BM25 can hardly tell them apart */
async function corpus (): Promise<Chunk[]> {
  const random = seededRandom(11)
  return Promise.all(Array.from({ length: N }, async (_, i) => {
    const text = Array.from({ length: 40 }, () => VOCAB[Math.floor(random() * VOCAB.length)]).join(' ')
    return { chunkCid: await chunkCid(text), docCid: await chunkCid(`doc ${i}`), path: `d${i}.txt`, title: '', byteStart: 0, byteEnd: text.length, text }
  }))
}

/** Whether `words` occur in `within` in order (not necessarily adjacent) */
function subsequence (words: string[], within: string[]): boolean {
  let j = 0
  for (const w of within) if (w === words[j]) j++
  return j === words.length
}

function textSeed (text: string): number {
  let seed = 0
  for (const ch of text) seed = (seed * 31 + ch.charCodeAt(0)) >>> 0
  return seed
}

/**
 * A synthetic embedder that knows the answers: any text maps to the one-hot
 * vector of the chunk it was taken from, plus noise (so that the dense
 * ranking is strong, not perfect)
 */
function oracleEmbedder (chunks: Chunk[]): Embedder {
  const words = chunks.map(c => c.text.split(' '))
  const embed = (text: string): number[] => {
    const q = text.split(' ')
    const hit = words.findIndex(w => subsequence(q, w))
    const random = seededRandom(textSeed(text))
    return Array.from({ length: N }, (_, i) => (i === hit ? 1 : 0) + 0.5 * (random() - 0.5))
  }
  return { id: 'test:oracle', dimensions: N, embedQuery: async (t) => embed(t), embedDocuments: async (ts) => ts.map(embed) }
}

/** A useless embedder: a random direction per text */
function randomEmbedder (): Embedder {
  const embed = (text: string): number[] => {
    const random = seededRandom(textSeed(text))
    return Array.from({ length: N }, () => random() - 0.5)
  }
  return { id: 'test:random', dimensions: N, embedQuery: async (t) => embed(t), embedDocuments: async (ts) => ts.map(embed) }
}

async function index (chunks: Chunk[], embedder: Embedder): Promise<QuarryIndex> {
  const vectors = createHnswIndex({ dimensions: N, capacity: N })
  vectors.add(await embedder.embedDocuments(chunks.map(c => c.text)), chunks.map((_, id) => id))
  // without term pairs: pseudo-queries keep words in order, which pairs would match
  // exactly, and these tests need a lexical ranking that can hardly tell chunks apart
  const lexical = createLexicalIndex({ bigramWeight: 0 })
  lexical.add(chunks.map((c, id) => ({ id, text: c.text })))
  const manifest = { embedder: { id: embedder.id, dimensions: N }, fusion: DEFAULT_FUSION } as unknown as IndexManifest
  return createQuarryIndex({ manifest, chunks, vectors, lexical }, embedder)
}

describe('calibrateFusion', () => {
  it('gives a useless dense ranking a weight of 0', async () => {
    const chunks = await corpus()
    const fusion = await calibrateFusion(await index(chunks, randomEmbedder()), { queries: { count: 40 } })
    expect(fusion.denseWeight).toBe(0)
    expect(fusion.calibration.source).toBe('pseudo-queries')
    expect(fusion.calibration.queries).toBe(40)
    const grid = fusion.calibration.grid
    expect(grid[0]?.denseWeight).toBe(0)
    // pure random dense ranking is far worse than lexical
    expect(grid.at(-1)?.score).toBeLessThan(grid[0]?.score ?? 0)
  })

  it('gives a strong dense ranking (an embedder that knows the answers) a large weight', async () => {
    const chunks = await corpus()
    const fusion = await calibrateFusion(await index(chunks, oracleEmbedder(chunks)), { queries: { count: 40 } })
    // the smallest weight on the plateau of the best nDCG wins (0.4 here; lexical alone scores ~0.63)
    expect(fusion.denseWeight).toBeGreaterThanOrEqual(0.3)
    const grid = fusion.calibration.grid
    expect(grid.find(g => g.denseWeight === fusion.denseWeight)?.score).toBeGreaterThan((grid[0]?.score ?? 1) + 0.2)
    expect(fusion.calibration.gain?.low).toBeGreaterThan(0)
    expect(fusion.calibration.lexicalCoverageTop1?.p50).toBeCloseTo(1, 6)
  })
})

describe('pseudoQueries', () => {
  it('draws reproducible queries from the words of their chunk', async () => {
    const chunks = await corpus()
    const queries = pseudoQueries(chunks, { count: 10, window: 12, keep: 6, seed: 3 })
    expect(queries).toHaveLength(10)
    expect(pseudoQueries(chunks, { count: 10, window: 12, keep: 6, seed: 3 })).toEqual(queries)
    for (const q of queries) {
      expect(q.text.split(' ')).toHaveLength(6)
      expect(subsequence(q.text.split(' '), chunks[q.relevant[0] as number]?.text.split(' ') ?? [])).toBe(true)
    }
    expect(pseudoQueries(chunks, { count: 10, window: 100 })).toEqual([])
  })
})

describe('binaryNdcg', () => {
  it('scores one relevant chunk by its rank', () => {
    expect(binaryNdcg([4, 2], new Set([4]))).toBe(1)
    expect(binaryNdcg([1, 4], new Set([4]))).toBeCloseTo(1 / Math.log2(3), 12)
    expect(binaryNdcg([1, 2], new Set([4]))).toBe(0)
  })
})
