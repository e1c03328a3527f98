import { createHash } from 'node:crypto'
import { mkdtemp, readdir, rm, stat, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, it, expect, beforeEach, afterEach } from 'vitest'
import { openEmbeddingCache } from './embedding-cache.js'
import { createMemoryEmbeddingCache } from './memory-embedding-cache.js'

const DIMS = 4
const ID = 'use:universal-sentence-encoder-lite'

async function cidOf (text: string): Promise<string> {
  return CID.createV1(raw.code, await sha256.digest(new TextEncoder().encode(text))).toString()
}

const vec = (seed: number): number[] => Array.from({ length: DIMS }, (_, i) => seed + i / 8)

describe('openEmbeddingCache', () => {
  let dir: string
  let cids: string[]

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'quarry-embcache-'))
    cids = await Promise.all(['alpha', 'beta', 'gamma', 'delta'].map(cidOf))
  })

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  const file = (): string => path.join(dir, createHash('sha256').update(ID).digest('hex'))
  const recordBytes = (cid: string): number => 2 + Buffer.byteLength(cid) + DIMS * 4

  it('persists vectors across reopen in one file named by sha256(embedder id)', async () => {
    const cache = await openEmbeddingCache({ dir, embedderId: ID, dimensions: DIMS })
    cids.slice(0, 3).forEach((cid, i) => { cache.set(cid, vec(i)) })
    expect(cache.size).toBe(3)
    await cache.close()
    expect(await readdir(dir)).toEqual([path.basename(file())])
    expect((await stat(file())).size).toBe(16 + cids.slice(0, 3).reduce((n, c) => n + recordBytes(c), 0))

    const again = await openEmbeddingCache({ dir, embedderId: ID, dimensions: DIMS })
    expect(again.size).toBe(3)
    expect(again.embedderId).toBe(ID)
    expect(Array.from(again.get(cids[1] ?? '') ?? [])).toEqual(vec(1))
    expect(again.has(cids[3] ?? '')).toBe(false)
    await again.close()
  })

  it('drops a torn trailing record (killed mid-write) and keeps appending cleanly', async () => {
    const cache = await openEmbeddingCache({ dir, embedderId: ID, dimensions: DIMS })
    cids.slice(0, 3).forEach((cid, i) => { cache.set(cid, vec(i)) })
    await cache.close()
    const full = (await stat(file())).size
    await truncate(file(), full - 7) // cut the last record in the middle of its floats

    const reopened = await openEmbeddingCache({ dir, embedderId: ID, dimensions: DIMS })
    expect(reopened.size).toBe(2)
    expect(reopened.has(cids[2] ?? '')).toBe(false)
    expect((await stat(file())).size).toBe(full - recordBytes(cids[2] ?? ''))
    reopened.set(cids[3] ?? '', vec(3))
    await reopened.close()

    // a torn length prefix (one byte of a new record) is dropped too
    await writeFile(file(), Buffer.from([0x3b]), { flag: 'a' })
    const last = await openEmbeddingCache({ dir, embedderId: ID, dimensions: DIMS })
    expect(last.size).toBe(3)
    expect(Array.from(last.get(cids[3] ?? '') ?? [])).toEqual(vec(3))
    await last.close()
  })

  it('writes pending records on each flush, last value wins', async () => {
    const cache = await openEmbeddingCache({ dir, embedderId: ID, dimensions: DIMS })
    cache.set(cids[0] ?? '', vec(0))
    await cache.flush()
    const afterFirst = (await stat(file())).size
    await cache.flush() // nothing pending: nothing written
    expect((await stat(file())).size).toBe(afterFirst)
    cache.set(cids[0] ?? '', vec(9))
    await cache.close()
    const again = await openEmbeddingCache({ dir, embedderId: ID, dimensions: DIMS })
    expect(again.size).toBe(1)
    expect(Array.from(again.get(cids[0] ?? '') ?? [])).toEqual(vec(9))
    await again.close()
  })

  it('refuses wrong vector lengths, a dimension mismatch and foreign files', async () => {
    const cache = await openEmbeddingCache({ dir, embedderId: ID, dimensions: DIMS })
    expect(() => { cache.set(cids[0] ?? '', [1, 2]) }).toThrow(expect.objectContaining({ name: 'InvalidEmbedderError' }))
    await cache.close()
    await expect(openEmbeddingCache({ dir, embedderId: ID, dimensions: 8 })).rejects.toMatchObject({ name: 'InvalidEmbedderError' })
    await writeFile(path.join(dir, createHash('sha256').update('other').digest('hex')), 'not a cache file at all')
    await expect(openEmbeddingCache({ dir, embedderId: 'other', dimensions: DIMS })).rejects.toMatchObject({ name: 'EmbedderLoadError' })
  })
})

describe('createMemoryEmbeddingCache', () => {
  it('stores copies of vectors in memory', async () => {
    const cache = createMemoryEmbeddingCache({ embedderId: ID, dimensions: 2 })
    const v = [0.6, 0.8]
    cache.set('k', v)
    v[0] = 0
    expect(cache.size).toBe(1)
    expect(Array.from(cache.get('k') ?? [])).toEqual([Math.fround(0.6), Math.fround(0.8)])
    expect(() => { cache.set('x', [1]) }).toThrow(expect.objectContaining({ name: 'InvalidEmbedderError' }))
    await cache.flush()
    await cache.close()
    expect(cache.has('k')).toBe(true)
  })

})

describe('openEmbeddingCache shared by several writers', () => {
  it('two writers on one cache file lose nothing and never truncate each other', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'quarry-embcache-'))
    const keys = await Promise.all(Array.from({ length: 40 }, async (_, i) => cidOf(`chunk ${i}`)))
    const a = await openEmbeddingCache({ dir, embedderId: ID, dimensions: DIMS })
    const b = await openEmbeddingCache({ dir, embedderId: ID, dimensions: DIMS })
    await Promise.all([a, b].map(async (cache, w) => {
      for (let i = w; i < keys.length; i += 2) {
        cache.set(keys[i] as string, vec(i))
        await cache.flush()
      }
    }))
    // a third process opening mid-way must not cut a record another is appending
    const c = await openEmbeddingCache({ dir, embedderId: ID, dimensions: DIMS })
    await c.close()
    await a.close()
    await b.close()
    const reopened = await openEmbeddingCache({ dir, embedderId: ID, dimensions: DIMS })
    expect(reopened.size).toBe(keys.length)
    keys.forEach((k, i) => expect(Array.from(reopened.get(k) ?? [])).toEqual(vec(i).map(x => Math.fround(x))))
    await reopened.close()
    expect((await readdir(dir)).filter(n => n.endsWith('.lock'))).toEqual([])
    await rm(dir, { recursive: true, force: true })
  })
})
