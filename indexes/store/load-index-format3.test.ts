import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { join } from 'node:path'
import { createQuarryNode, IMPORT_PARAMS, lazyNodeOf, type QuarryNode } from '../../corpora/index.js'
import { makeFixtures } from '../../bench/faults/fuzz-lib.js'
import { tempDir } from '../../test/helpers/shared.js'
import { chunkBody, chunkContext } from '../chunking/embedding-text.js'
import { decodeChunks } from './chunk-store.js'
import { loadIndex } from './load-index.js'
import { parseManifest } from './index-manifest.js'
import { createReferenceLexicalIndex } from '../search/test-fixtures/format3-lexical-index.js'
import type { CID } from 'multiformats/cid'

/** An index directory pinned before lexical format 4 (`lexical.json`, format 3) still loads and searches the same */
describe('loading an index directory with a format 3 lexical.json', () => {
  let work: { dir: string, cleanup: () => Promise<void> }
  let node: QuarryNode
  let fixtures: Awaited<ReturnType<typeof makeFixtures>>
  beforeAll(async () => {
    work = await tempDir('quarry-format3-')
    fixtures = await makeFixtures(work.dir)
    node = await createQuarryNode({ home: join(work.dir, 'home') })
  })
  afterAll(async () => {
    await node?.stop()
    await work?.cleanup()
  })

  const add = async (files: Record<string, Uint8Array>): Promise<CID> => {
    let root: CID | undefined
    for await (const entry of node.fs.addAll(Object.entries(files).map(([path, content]) => ({ path, content })), IMPORT_PARAMS)) {
      if (entry.path === '' || entry.path == null) root = entry.cid
    }
    if (root === undefined) throw new Error('no root')
    return root
  }

  it('gives the same results as the format 4 directory it was made from', async () => {
    const dec = new TextDecoder()
    const { 'lexical.bin': current, ...rest } = fixtures.index
    expect(current).toBeDefined()
    const manifest = parseManifest(dec.decode(rest['manifest.json']))
    const chunks = decodeChunks(dec.decode(rest['chunks.jsonl']))
    const { feedback, ...bm25 } = { k1: manifest.lexical.k1, b: manifest.lexical.b, contextWeight: manifest.lexical.contextWeight ?? 1, bigramWeight: manifest.lexical.bigramWeight ?? 0, feedback: manifest.lexical.feedback }
    const reference = createReferenceLexicalIndex(bm25, feedback)
    reference.add(chunks.map((chunk, id) => ({ id, text: chunkBody(chunk), context: chunkContext(chunk) })))
    const old = await add({
      ...rest,
      'manifest.json': new TextEncoder().encode(JSON.stringify({ ...manifest, files: { ...manifest.files, lexical: 'lexical.json' } })),
      'lexical.json': new TextEncoder().encode(reference.toJSON())
    })
    const fresh = await add(fixtures.index)
    const a = await loadIndex(lazyNodeOf(node), old, fixtures.embedder, { offline: true })
    const b = await loadIndex(lazyNodeOf(node), fresh, fixtures.embedder, { offline: true })
    for (const query of ['storage deal', 'sectors', 'client pays the provider in FIL', 'retrieval']) {
      const got = await a.search(query, { k: 5, mode: 'lexical' })
      expect(got.length).toBeGreaterThan(0)
      expect(got).toEqual(await b.search(query, { k: 5, mode: 'lexical' }))
    }
  })
})
