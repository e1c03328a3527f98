import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, it, expect } from 'vitest'
import { diffCorpusFiles } from './diff-corpus-files.js'
import type { CorpusFile } from './list-corpus-files.js'

async function file (path: string, text: string): Promise<CorpusFile> {
  const bytes = new TextEncoder().encode(text)
  return { path, cid: CID.createV1(raw.code, await sha256.digest(bytes)), size: bytes.byteLength } as CorpusFile
}

async function * list (files: CorpusFile[]): AsyncGenerator<CorpusFile> { yield * files }

describe('diffCorpusFiles', () => {
  it('sorts files into added, removed, changed (with both CIDs) and unchanged, by path', async () => {
    const before = [await file('a.md', 'a'), await file('b.md', 'b'), await file('c.md', 'c')]
    const after = [await file('d.md', 'd'), await file('b.md', 'b2'), await file('a.md', 'a')]
    const diff = await diffCorpusFiles(list(before), list(after))
    expect(diff.added.map(f => f.path)).toEqual(['d.md'])
    expect(diff.removed.map(f => f.path)).toEqual(['c.md'])
    expect(diff.changed.map(f => [f.path, f.from.toString(), f.to.toString()])).toEqual([['b.md', before[1]?.cid.toString(), after[1]?.cid.toString()]])
    expect(diff.unchanged).toBe(1)
  })
})
