import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { nextChunk, sameSection } from './adjacent-chunks.js'
import { retrieveForAnswer } from './answer.js'
import type { Chunk, Retriever, SearchResult } from '../indexes/index.js'

const cidOf = async (text: string): Promise<CID> => CID.createV1(raw.code, await sha256.digest(new TextEncoder().encode(text)))

/** A document's chunks, 100 bytes each with 20 bytes of overlap, listed out of order */
async function document (path: string, parts: number): Promise<Chunk[]> {
  const docCid = await cidOf(path)
  const chunks: Chunk[] = []
  for (let i = parts - 1; i >= 0; i--) {
    const text = `${path} part ${i}`
    chunks.push({ chunkCid: await cidOf(text), docCid, path, title: path, byteStart: i * 80, byteEnd: i * 80 + 100, text })
  }
  return chunks
}

describe('nextChunk', () => {
  it('finds the chunk that follows in the same document, by byte offset, and none after the last', async () => {
    const a = await document('a.md', 3)
    const b = await document('b.md', 2)
    const chunks = [...b, ...a]
    const part = (doc: Chunk[], i: number): Chunk => doc.find(c => c.text.endsWith(`part ${i}`))!
    expect(nextChunk(part(a, 0), chunks)?.text).toBe('a.md part 1')
    expect(nextChunk(part(a, 1), chunks)?.text).toBe('a.md part 2')
    expect(nextChunk(part(a, 2), chunks)).toBeUndefined()
    expect(nextChunk(part(b, 0), chunks)?.text).toBe('b.md part 1')
  })

  it('keeps the records of one JSON file apart: they share its CID and count bytes from their own start', async () => {
    const file = await cidOf('corpus.jsonl')
    const record = async (id: string, i: number): Promise<Chunk> => {
      const text = `record ${id} part ${i}`
      return { chunkCid: await cidOf(text), docCid: file, path: `corpus.jsonl#${id}`, title: id, byteStart: i * 80, byteEnd: i * 80 + 100, text }
    }
    const chunks = [await record('2', 0), await record('1', 0), await record('1', 1), await record('2', 1)]
    expect(nextChunk(chunks[1]!, chunks)?.text).toBe('record 1 part 1')
    expect(nextChunk(chunks[2]!, chunks)).toBeUndefined()
    expect(nextChunk(chunks[0]!, chunks)?.text).toBe('record 2 part 1')
  })
})

describe('sameSection', () => {
  it('reads on only within a page and a heading path: a cut for size, not a boundary', async () => {
    const [b, a] = await document('a.md', 2)
    expect(sameSection(a!, b!)).toBe(true)
    expect(sameSection({ ...a!, page: 1 }, { ...b!, page: 2 })).toBe(false)
    expect(sameSection({ ...a!, headings: ['Deals'] }, { ...b!, headings: ['Deals', 'Fees'] })).toBe(false)
    expect(sameSection({ ...a!, page: 3, headings: ['Deals'] }, { ...b!, page: 3, headings: ['Deals'] })).toBe(true)
  })
})

describe('retrieveForAnswer', () => {
  it('reads on into the chunks that continue the first two results, after the k retrieved, never twice', async () => {
    const a = await document('a.md', 3)
    const b = await document('b.md', 3)
    const c = await document('c.md', 2)
    const chunks = [...a, ...b, ...c]
    const part = (doc: Chunk[], i: number): Chunk => doc.find(x => x.text.endsWith(`part ${i}`))!
    // the search returns a.md part 0, b.md part 0, a.md part 1 (already the continuation of the first), c.md part 0
    const hits = [part(a, 0), part(b, 0), part(a, 1), part(c, 0)]
    const index: Retriever & { chunks: Chunk[] } = {
      chunks,
      provenance: { corpusCid: 'bafy', indexCid: 'bafy', embedder: 'test' },
      search: async (): Promise<SearchResult[]> => hits.map((chunk, i) => ({ chunk, score: 10 - i, rank: i + 1 }))
    }
    const { results } = await retrieveForAnswer('where is the answer', index, { k: 4, mode: 'agent' })
    expect(results.map(r => r.chunk.text)).toEqual(['a.md part 0', 'b.md part 0', 'a.md part 1', 'c.md part 0', 'b.md part 1'])
    expect(results.map(r => r.rank)).toEqual([1, 2, 3, 4, 5])
    expect(results[4]?.score).toBe(results[3]?.score)
  })
})
