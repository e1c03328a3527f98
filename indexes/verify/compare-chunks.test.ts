import { describe, it, expect } from 'vitest'
import { chunkCid } from '../chunking/chunk-cid.js'
import { compareChunks } from './compare-chunks.js'
import { seededSample } from './check-vectors.js'
import type { Chunk } from '../chunk.js'

async function chunk (path: string, text: string, byteStart: number): Promise<Chunk> {
  const cid = await chunkCid(text)
  return { chunkCid: cid, docCid: cid, path, title: path, byteStart, byteEnd: byteStart + text.length, text }
}

describe('compareChunks', () => {
  it('names missing, extra, altered (with the fields) and reordered chunks by path and CID', async () => {
    const a = [await chunk('a.md', 'one', 0), await chunk('a.md', 'two', 4), await chunk('b.md', 'three', 0)]
    expect(compareChunks(a, a)).toEqual({ extra: [], missing: [], altered: [], reordered: false })
    const dropped = compareChunks([a[0] as Chunk, a[2] as Chunk], a)
    expect(dropped.missing).toEqual([{ id: 1, path: 'a.md', chunkCid: a[1]?.chunkCid.toString(), byteStart: 4, byteEnd: 7 }])
    expect(dropped.extra).toEqual([])
    const added = compareChunks([...a, await chunk('c.md', 'four', 0)], a)
    expect(added.extra.map(c => c.path)).toEqual(['c.md'])
    const altered = compareChunks(a.map((c, i) => i === 1 ? { ...c, text: 'TWO', byteEnd: 8 } : c), a)
    expect(altered.altered).toHaveLength(1)
    expect(altered.altered[0]?.fields).toEqual(['text', 'byteEnd'])
    expect(compareChunks([a[2] as Chunk, a[0] as Chunk, a[1] as Chunk], a).reordered).toBe(true)
  })
})

describe('seededSample', () => {
  it('draws the same ids for the same seed, in order, without repeats', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => i)
    const a = seededSample(ids, 50, 7)
    expect(seededSample(ids, 50, 7)).toEqual(a)
    expect(new Set(a).size).toBe(50)
    expect([...a].sort((x, y) => x - y)).toEqual(a)
    expect(seededSample(ids, 50, 8)).not.toEqual(a)
    expect(seededSample(ids, 2000, 7)).toEqual(ids)
  })
})
