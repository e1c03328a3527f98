import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { join } from 'node:path'
import { embedRemaining, readManifest } from '../indexes/index.js'
import { openQuarrySession, type QuarrySession } from '../session/index.js'
import { tempDir } from './helpers/shared.js'
import { filecoinDocsFolder } from './helpers/temp-dir.js'


// Progressive indexing with the real USE embedder on two small corpora (a few dozen chunks in all)
describe('progressive indexing', () => {
  let t: { dir: string, cleanup: () => Promise<void> }
  let session: QuarrySession

  beforeAll(async () => {
    t = await tempDir('quarry-progressive-')
    session = await openQuarrySession({ home: join(t.dir, 'home') })
    await session.corpora.add(await filecoinDocsFolder(join(t.dir, 'a'), ['basics/what-is-filecoin/retrieval-market.md', 'basics/how-storage-works/storage-onramps.md']), { name: 'a' })
    await session.corpora.add(await filecoinDocsFolder(join(t.dir, 'b'), ['networks/calibration/rpcs.md', 'smart-contracts/fundamentals/support.md', 'builder-cookbook/filecoin-pin/github-action.md']), { name: 'b' })
  }, 120_000)
  afterAll(async () => {
    await session?.close()
    await t?.cleanup()
  })

  it('a corpus without an index is searchable from a lexical-only index, embedded progressively, then full', async () => {
    const index = await session.openIndex({ ref: 'a', dense: 'none' })
    const total = index.chunks.length
    expect(total).toBeGreaterThan(4)
    // lexical only: no vectors, the manifest and the registry say so, hybrid search runs on BM25
    expect(index.embedded).toBe(0)
    expect(index.manifest.counts.embedded).toBe(0)
    expect((await readManifest(session.node.blocks.fs, index.cid!)).counts.embedded).toBe(0)
    expect((await session.indexes.list()).find(e => e.cid === index.cid?.toString())?.embedded).toBe(0)
    const lexical = await index.search('retrieval market', { k: 3 })
    expect(lexical.length).toBeGreaterThan(0)
    expect(lexical.every(r => r.denseScore === undefined && r.lexicalScore !== undefined)).toBe(true)
    expect(lexical[0]?.chunk.path).toContain('retrieval-market')

    // partial: stop after the first batch of 2; dense search covers what is embedded
    const controller = new AbortController()
    await expect(embedRemaining(index, {
      batchSize: 2,
      signal: controller.signal,
      onProgress: e => { if (e.done >= 2) controller.abort() }
    })).rejects.toThrow()
    expect(index.embedded).toBe(2)
    expect(index.manifest.counts.embedded).toBe(2)
    const partial = await index.search('retrieval market', { k: 5, mode: 'dense' })
    expect(partial).toHaveLength(2)
    // the manifest says how the vectors were computed, and the rest is never embedded another way
    const own = index.manifest.embedder
    expect(own.vectors).toBe('use:universal-sentence-encoder-lite#onnx-cpu')
    index.manifest.embedder = { ...own, vectors: 'use:universal-sentence-encoder-lite#per-text-xnnpack-attention' }
    await expect(embedRemaining(index)).rejects.toThrow(/computed as use:universal-sentence-encoder-lite#per-text-xnnpack-attention.*would mix/)
    expect(index.embedded).toBe(2)
    index.manifest.embedder = own
    // hybrid keeps the lexical-only fusion of an uncalibrated index until every chunk has its vector
    expect(index.fusion.calibration.source).toBe('default')
    const hybrid = await index.search('retrieval market', { k: 5 })
    expect(hybrid.length).toBeGreaterThan(0)

    // full: the store finishes it, pins it, registers it and gives the open index its CID
    const lexicalCid = index.cid
    const cid = await session.indexes.complete(index)
    expect(index.embedded).toBe(total)
    expect(index.manifest.counts.embedded).toBeUndefined()
    expect(cid?.toString()).not.toBe(lexicalCid?.toString())
    expect(index.cid?.toString()).toBe(cid?.toString())
    const manifest = await readManifest(session.node.blocks.fs, cid!)
    expect(manifest.counts.embedded).toBeUndefined()
    expect((await session.indexes.find('a'))?.toString()).toBe(cid?.toString())
    const dense = await index.search('retrieval market', { k: 3, mode: 'dense' })
    expect(dense).toHaveLength(3)
    // complete: its fusion is calibrated as a full build's is
    expect(index.fusion.calibration.source).toBe('pseudo-queries')
    expect(manifest.fusion?.calibration.source).toBe('pseudo-queries')
  }, 300_000)

  it('an interrupted build registers what it embedded, searches use it, and a rerun resumes from the cache', async () => {
    const embedder = await session.embedder('use')
    const controller = new AbortController()
    let lexicalCid: string | undefined
    await expect(session.indexes.build('b', {
      embedder,
      batchSize: 3,
      lexicalFirst: true,
      keepPartial: true,
      signal: controller.signal,
      onLexicalReady: cid => { lexicalCid = cid.toString() },
      onProgress: e => { if (e.type === 'indexes:embed:batch' && e.done >= 3) controller.abort() }
    })).rejects.toThrow()
    expect(lexicalCid).toBeDefined()
    const partialCid = await session.indexes.find('b', embedder.id)
    expect(partialCid?.toString()).not.toBe(lexicalCid)
    const partial = await session.indexes.open(partialCid!, embedder)
    expect(partial.embedded).toBe(3)
    expect(partial.manifest.counts.embedded).toBe(3)
    expect(partial.chunks.length).toBeGreaterThan(3)
    expect(await partial.search('calibration RPC endpoint', { k: 5, mode: 'dense' })).toHaveLength(3)

    const full = await session.indexes.build('b', { embedder })
    expect(full.manifest.counts.embedded).toBeUndefined()
    expect(full.stats.embeddingsReused).toBe(3)
    expect((await session.indexes.find('b', embedder.id))?.toString()).toBe(full.cid.toString())
  }, 300_000)
})
