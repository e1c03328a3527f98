import { describe, it, expect } from 'vitest'
import { MANIFEST_VERSION, parseManifest } from './index-manifest.js'

const manifest = (version: unknown): string => JSON.stringify({
  schema: 'quarry-index',
  version,
  corpusCid: 'bafy',
  embedder: { id: 'use', dimensions: 512 },
  hnsw: { ef: 64, m: 16 },
  counts: { chunks: 1 }
})

describe('parseManifest', () => {
  it('reads the current version (2: CommonMark chunking) and version 1 indexes, and refuses others', () => {
    expect(MANIFEST_VERSION).toBe(2)
    expect(parseManifest(manifest(2)).version).toBe(2)
    expect(parseManifest(manifest(1)).version).toBe(1)
    expect(() => parseManifest(manifest(3))).toThrow(expect.objectContaining({ name: 'InvalidIndexError', message: expect.stringMatching(/version 3 .*reads versions 1, 2/) }))
  })

  it('reads the parts of split files, and refuses parts that are not file names, repeat, or name another file', () => {
    const withParts = (parts: unknown): string => JSON.stringify({ ...JSON.parse(manifest(2)), parts })
    expect(parseManifest(withParts({ vectors: ['vectors.hnsw.0000', 'vectors.hnsw.0001'] })).parts).toEqual({ vectors: ['vectors.hnsw.0000', 'vectors.hnsw.0001'] })
    for (const bad of [[], { vectors: ['a'] }, { vectors: ['a', 'a'] }, { vectors: ['../x', 'y'] }, { other: ['a', 'b'] }, { lexical: ['chunks.jsonl', 'b'] }, { chunks: ['a', 'b'], lexical: ['b', 'c'] }]) {
      expect(() => parseManifest(withParts(bad))).toThrow(expect.objectContaining({ name: 'InvalidIndexError', message: expect.stringContaining('"parts"') }))
    }
  })
})
