import { describe, it, expect } from 'vitest'
import { createQuarryIndex } from './quarry-index.js'
import { createHnswIndex } from './hnsw-index.js'
import { createLexicalIndex } from './lexical-index.js'
import { chunkCid } from './chunk-cid.js'
import type { Embedder } from './embedder.js'
import type { IndexManifest } from './index-manifest.js'

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
    const hybrid = await index.search('retrieval bandwidth', { k: 3, mode: 'hybrid' })
    expect(hybrid.map(r => r.rank)).toEqual([1, 2, 3].slice(0, hybrid.length))
    expect(new Set(hybrid.slice(0, 2).map(r => r.chunk.path))).toEqual(new Set(['d0.md', 'd1.md']))
  })
})
