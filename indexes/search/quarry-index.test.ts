import { describe, it, expect } from 'vitest'
import { createQuarryIndex } from './quarry-index.js'
import { createHnswIndex } from './hnsw-index.js'
import { createLexicalIndex } from './lexical-index.js'
import { chunkCid } from '../chunking/chunk-cid.js'
import type { Embedder } from '../embedder.js'
import type { IndexManifest } from '../store/index-manifest.js'
import { DEFAULT_FUSION } from '../fusion/fusion-settings.js'
import type { Chunk } from '../chunk.js'

const manifest = { embedder: { id: 'use:universal-sentence-encoder-lite', dimensions: 3 }, corpusCid: 'x' } as unknown as IndexManifest

function fixedEmbedder (id: string, dimensions: number): Embedder {
  return { id, dimensions, embedDocuments: async (t) => t.map(() => [1, 0, 0]), embedQuery: async () => [1, 0, 0] }
}

describe('createQuarryIndex', () => {
  it('refuses a query embedder that is not the index embedder', () => {
    const vectors = createHnswIndex({ dimensions: 3, capacity: 1 })
    expect(() => createQuarryIndex({ manifest, chunks: [], vectors, lexical: createLexicalIndex() }, fixedEmbedder('openai:nomic-embed-text', 768)))
      .toThrow(expect.objectContaining({ name: 'EmbedderMismatchError', message: expect.stringContaining('use:universal-sentence-encoder-lite') }))
  })

  it('searches dense, lexical and hybrid over the same chunk ids', async () => {
    const texts = ['storage deals on filecoin', 'retrieval markets pay for bandwidth', 'unrelated cooking notes']
    const chunks = await Promise.all(texts.map(async (text, i) => ({ chunkCid: await chunkCid(text), docCid: await chunkCid(`doc${i}`), path: `d${i}.md`, title: `d${i}`, byteStart: 0, byteEnd: text.length, text })))
    const vectors = createHnswIndex({ dimensions: 3, capacity: 3 })
    vectors.add([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [0, 1, 2])
    const lexical = createLexicalIndex()
    lexical.add(texts.map((text, id) => ({ id, text })))
    const index = createQuarryIndex({ manifest, chunks, vectors, lexical }, fixedEmbedder('use:universal-sentence-encoder-lite', 3))
    expect((await index.search('anything', { k: 1, mode: 'dense' }))[0]?.chunk.path).toBe('d0.md')
    const lex = await index.search('retrieval bandwidth', { k: 2, mode: 'lexical' })
    expect(lex[0]?.chunk.path).toBe('d1.md')
    expect(lex[0]?.lexicalScore).toBeGreaterThan(0)
    expect(lex[0]?.lexicalCoverage).toBe(1)
    // this manifest has no fusion settings: hybrid is lexical only
    expect(index.fusion.denseWeight).toBe(0)
    const lexicalOnly = await index.search('retrieval bandwidth', { k: 3, mode: 'hybrid' })
    expect(lexicalOnly.map(r => r.chunk.path)).toEqual(['d1.md'])
    const hybrid = await index.search('retrieval bandwidth', { k: 3, mode: 'hybrid', denseWeight: 0.5 })
    expect(hybrid.map(r => r.rank)).toEqual([1, 2, 3].slice(0, hybrid.length))
    // the dense hit d0 joins the pool with its exact BM25 (0) and d1 gets its exact cosine (0)
    expect(new Set(hybrid.slice(0, 2).map(r => r.chunk.path))).toEqual(new Set(['d0.md', 'd1.md']))
    expect(hybrid.find(r => r.chunk.path === 'd0.md')).toMatchObject({ lexicalScore: 0, denseScore: expect.closeTo(1, 6) })
    expect(hybrid.find(r => r.chunk.path === 'd1.md')).toMatchObject({ denseScore: expect.closeTo(0, 6) })
  })
})

describe('hybrid search with convex fusion', () => {
  async function setup (denseWeight: number): Promise<{ search: (q: string, k: number) => Promise<string[]>, embedded: () => number, chunks: Chunk[] }> {
    // chunk 3 repeats chunk 0's text (same chunk CID) in another file
    const texts = ['proof of spacetime for storage', 'storage deals and storage markets', 'proof of replication seals a sector', 'proof of spacetime for storage']
    const chunks = await Promise.all(texts.map(async (text, i) => ({ chunkCid: await chunkCid(text), docCid: await chunkCid(`doc${i}`), path: `d${i}.md`, title: `d${i}`, byteStart: 0, byteEnd: text.length, text })))
    const vectors = createHnswIndex({ dimensions: 3, capacity: 4 })
    vectors.add([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]], [0, 1, 2, 3])
    const lexical = createLexicalIndex()
    lexical.add(texts.map((text, id) => ({ id, text })))
    let calls = 0
    const embedder: Embedder = { id: 'use:universal-sentence-encoder-lite', dimensions: 3, embedDocuments: async (t) => t.map(() => [0, 0, 1]), embedQuery: async () => { calls++; return [0, 0, 1] } }
    const index = createQuarryIndex({ manifest: { ...manifest, fusion: { ...DEFAULT_FUSION, denseWeight } }, chunks, vectors, lexical }, embedder)
    return { search: async (q, k) => (await index.search(q, { k })).map(r => r.chunk.path), embedded: () => calls, chunks }
  }

  it('at dense weight 0 ranks as BM25 and never embeds the query', async () => {
    const { search, embedded } = await setup(0)
    expect(await search('proof storage', 5)).toEqual(['d0.md', 'd1.md', 'd2.md'])
    expect(embedded()).toBe(0)
  })

  it('at dense weight 1 ranks as the dense list, and lists a chunk CID once', async () => {
    const { search, embedded } = await setup(1)
    const ranked = await search('proof storage', 5)
    expect(ranked[0]).toBe('d2.md')
    expect(embedded()).toBe(1)
    // d0 and d3 hold the same chunk: only the first is listed
    expect(ranked.filter(p => p === 'd0.md' || p === 'd3.md')).toHaveLength(1)
    expect(new Set(ranked).size).toBe(ranked.length)
  })

  it('never lists a chunk CID twice in lexical or dense mode either', async () => {
    const { chunks } = await setup(0)
    const vectors = createHnswIndex({ dimensions: 3, capacity: 4 })
    vectors.add([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]], [0, 1, 2, 3])
    const lexical = createLexicalIndex()
    lexical.add(chunks.map((c, id) => ({ id, text: c.text })))
    const index = createQuarryIndex({ manifest, chunks, vectors, lexical }, fixedEmbedder('use:universal-sentence-encoder-lite', 3))
    // lexical: d0, d2, d3 match (d3 = d0); dense: all four (d3 = d0)
    for (const [mode, unique] of [['lexical', 2], ['dense', 3]] as const) {
      const cids = (await index.search('proof of spacetime', { k: 4, mode })).map(r => r.chunk.chunkCid.toString())
      expect(new Set(cids).size).toBe(cids.length)
      expect(cids.length).toBe(unique)
    }
  })
})
