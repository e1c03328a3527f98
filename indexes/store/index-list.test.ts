import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
import { describe, expect, it } from 'vitest'
import { bestIndexOf, IndexList } from './index-list.js'
import type { IndexManifest } from './index-manifest.js'

const cid = (n: number): CID => CID.createV1(0x55, identity.digest(new Uint8Array([n])))
const manifest = { corpusCid: 'corpus-a', embedder: { id: 'use:1' }, counts: { chunks: 10 } } as unknown as IndexManifest

describe('IndexList', () => {
  it('registers built and received indexes, names their corpus, and forgets them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'quarry-index-list-'))
    try {
      const list = new IndexList(join(dir, 'indexes.json'))
      await list.putBuilt({ manifest: { ...manifest, counts: { chunks: 10, embedded: 4 } } as IndexManifest, stats: { builtAt: '2026-01-01T00:00:00.000Z', buildMs: 5, embeddingsReused: 1 } }, cid(0), 'docs')
      const received = await list.putManifest(cid(1), manifest, await list.corpusNameOf(cid(0)))
      expect(received).toMatchObject({ cid: cid(1).toString(), corpusCid: 'corpus-a', corpusName: 'docs', embedder: 'use:1', chunks: 10 })
      expect((await list.list()).map(e => [e.cid, e.embedded])).toEqual([[cid(0).toString(), 4], [cid(1).toString(), undefined]])
      expect(await list.corpusNameOf(undefined)).toBeUndefined()
      expect((await list.remove(cid(0)))?.corpusName).toBe('docs')
      expect(await list.remove(cid(0))).toBeUndefined()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('picks a corpus\'s most embedded index, then the newest, for the embedder asked', () => {
    const e = (c: string, embedder: string, chunks: number, embedded: number | undefined, builtAt: string) => ({ cid: c, corpusCid: 'a', embedder, chunks, ...(embedded != null ? { embedded } : {}), builtAt })
    const entries = [e('full-old', 'use', 10, undefined, '1'), e('partial-new', 'use', 10, 3, '3'), e('full-new', 'use', 10, undefined, '2'), e('other', 'minilm', 10, undefined, '4')]
    expect(bestIndexOf(entries, 'a', 'use')?.cid).toBe('full-new')
    expect(bestIndexOf(entries, 'a')?.cid).toBe('other')
    expect(bestIndexOf(entries, 'b')).toBeUndefined()
  })
})
