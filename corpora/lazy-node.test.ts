import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { base32upper } from 'multiformats/bases/base32'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addFolder } from './add-corpus.js'
import { createQuarryNode } from './helia-node.js'
import { openLazyNode } from './lazy-node.js'
import { readFile } from './read-file.js'
import { tempDir } from '../test/helpers/shared.js'
import type { CID } from 'multiformats/cid'

describe('openLazyNode', () => {
  let home: string
  let cleanup: () => Promise<void>
  let files: Array<{ name: string, cid: CID }>

  /** Where FsBlockstore keeps a block (its default sharding: a folder named by the key's last two characters) */
  const blockFile = (cid: CID): string => {
    const key = base32upper.encoder.encode(cid.multihash.bytes)
    return join(home, 'blocks', key.slice(-2), `${key}.data`)
  }

  beforeAll(async () => {
    const t = await tempDir()
    cleanup = t.cleanup
    home = join(t.dir, 'home')
    const src = join(t.dir, 'src')
    await mkdir(src)
    for (let i = 0; i < 3; i++) await writeFile(join(src, `page-${i}.md`), `# Page ${i}\n\nText of page ${i}.\n`)
    const node = await createQuarryNode({ home })
    try {
      const { cid } = await addFolder(node, src)
      files = []
      for await (const e of node.fs.ls(cid)) files.push({ name: e.name, cid: e.cid })
    } finally {
      await node.stop()
    }
  })
  afterAll(async () => cleanup())

  it('reads local blocks, hashed, without starting Helia', async () => {
    const lazy = await openLazyNode({ home })
    try {
      const [first] = files
      if (first == null) throw new Error('no files')
      expect(new TextDecoder().decode(await readFile(lazy.blocks.fs, first.cid))).toBe('# Page 0\n\nText of page 0.\n')
      expect(lazy.blocks.isVerified(first.cid)).toBe(true)
      expect(lazy.started).toBe(false)
      const node = await lazy.start()
      expect(lazy.started).toBe(true)
      expect(await node.helia.blockstore.has(first.cid)).toBe(true)
    } finally {
      await lazy.stop()
    }
  })

  it('names an altered block (CorruptBlockError) and a missing one (BlockNotFoundError)', async () => {
    const [, altered, missing] = files
    if (altered == null || missing == null) throw new Error('no files')
    await writeFile(blockFile(altered.cid), 'not the page')
    await rm(blockFile(missing.cid))
    const lazy = await openLazyNode({ home })
    try {
      await expect(readFile(lazy.blocks.fs, altered.cid)).rejects.toMatchObject({ name: 'CorruptBlockError' })
      await expect(readFile(lazy.blocks.fs, missing.cid)).rejects.toMatchObject({ name: 'BlockNotFoundError', message: expect.stringContaining('offline') })
      expect(await lazy.blocks.has(missing.cid)).toBe(false)
      expect(lazy.started).toBe(false)
    } finally {
      await lazy.stop()
    }
  })
})
