import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { createQuarryNode, type QuarryNode } from './helia-node.js'
import { addFolder } from './add-corpus.js'
import { createCorpusStore } from './corpus-store.js'
import { lazyNodeOf } from './lazy-node.js'
import { listCorpusFiles } from './list-corpus-files.js'
import { readFile } from './read-file.js'
import { HAS_SHARED, shared, tempDir } from '../test/helpers/shared.js'
import { readFile as readDisk } from 'node:fs/promises'
import { join } from 'node:path'

describe.skipIf(!HAS_SHARED)('addFolder on the Filecoin docs', () => {
  let node: QuarryNode
  let cleanup: () => Promise<void>
  let cid: string

  beforeAll(async () => {
    const t = await tempDir()
    cleanup = t.cleanup
    node = await createQuarryNode({ home: t.dir })
  })
  afterAll(async () => {
    await node.stop()
    await cleanup()
  })

  it('imports, registers and loads all 198 markdown pages', async () => {
    const store = createCorpusStore(lazyNodeOf(node))
    const entry = await store.add(shared('corpora/filecoin-docs'), { name: 'filecoin-docs' })
    cid = entry.cid
    expect(entry.documents).toBeGreaterThanOrEqual(198)
    let markdown = 0
    for await (const doc of store.documents((await store.resolve('filecoin-docs')).cid)) {
      if (doc.mediaType === 'text/markdown') {
        markdown++
        expect(doc.text.length).toBeGreaterThan(0)
        expect(doc.title.length).toBeGreaterThan(0)
      }
    }
    expect(markdown).toBe(198)
  })

  it('gives the same CID on a second import and in a fresh home', async () => {
    const again = await addFolder(node, shared('corpora/filecoin-docs'))
    expect(again.cid.toString()).toBe(cid)
    const t = await tempDir()
    const other = await createQuarryNode({ home: t.dir })
    try {
      const fresh = await addFolder(other, shared('corpora/filecoin-docs'))
      expect(fresh.cid.toString()).toBe(cid)
    } finally {
      await other.stop()
      await t.cleanup()
    }
  })

  it('keeps every block of the corpus through garbage collection', async () => {
    const root = (await createCorpusStore(lazyNodeOf(node)).resolve('filecoin-docs')).cid
    // an unpinned block that gc must remove, to prove gc ran
    const stray = await node.fs.addBytes(new TextEncoder().encode('stray block ' + Date.now()))
    expect(await node.helia.blockstore.has(stray)).toBe(true)
    await node.helia.gc()
    expect(await node.helia.blockstore.has(stray)).toBe(false)
    let files = 0
    for await (const f of listCorpusFiles(node.fs, root, { offline: true })) {
      const bytes = await readFile(node.fs, f.cid, { offline: true })
      if (f.path === 'README.md' || files < 5) {
        expect(Buffer.from(bytes).equals(await readDisk(join(shared('corpora/filecoin-docs'), f.path)))).toBe(true)
      }
      files++
    }
    expect(files).toBeGreaterThanOrEqual(198)
  })
})
