import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it, expect, beforeEach, afterEach } from 'vitest'
import { addFolder } from './add-corpus.js'
import { createQuarryNode, type QuarryNode } from './helia-node.js'
import { pinDag } from './pin-dag.js'
import { hasPin, unpinDag } from './pin-state.js'
import type { CID } from 'multiformats/cid'

// A process killed inside Helia's pins.add leaves the root block counted but no pin record: Helia's isPinned
// says yes, the blocks below may be uncounted (gc would delete them), and pins.rm finds no pin.
describe('half-made pins (a kill inside pins.add)', () => {
  let dir: string
  let node: QuarryNode
  let root: CID
  let file: CID

  /** Start pinning and stop after the root block, as a SIGKILL at that moment would */
  async function halfPin (): Promise<void> {
    for await (const _ of node.helia.pins.add(root)) break
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'quarry-pin-state-'))
    await mkdir(join(dir, 'src'))
    for (let i = 0; i < 3; i++) await writeFile(join(dir, 'src', `page-${i}.md`), `# Page ${i}\n\nText of page ${i}.\n`)
    node = await createQuarryNode({ home: join(dir, 'home') })
    root = (await addFolder(node, join(dir, 'src'))).cid
    const entries = []
    for await (const e of node.fs.ls(root)) entries.push(e)
    file = entries[0]?.cid ?? expect.fail('the folder has no files')
    await unpinDag(node.helia, root)
    await halfPin()
  })
  afterEach(async () => {
    await node.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('reads as not pinned, though Helia counts the root block', async () => {
    expect(await node.helia.pins.isPinned(root)).toBe(true)
    expect(await node.helia.pins.isPinned(file)).toBe(false)
    expect(await hasPin(node.helia, root)).toBe(false)
  })

  it('pinDag completes it: every block counted, the pin recorded', async () => {
    expect(await pinDag(node.helia, root, { offline: true })).toBeGreaterThan(1)
    expect(await hasPin(node.helia, root)).toBe(true)
    expect(await node.helia.pins.isPinned(file)).toBe(true)
    // a second call leaves a finished pin alone
    expect(await pinDag(node.helia, root, { offline: true })).toBe(0)
  })

  it('unpinDag removes it (Helia\'s pins.rm alone throws NotFoundError)', async () => {
    await expect((async () => { for await (const _ of node.helia.pins.rm(root)) { /* walk */ } })()).rejects.toMatchObject({ name: 'NotFoundError' })
    expect(await unpinDag(node.helia, root)).toBe(true)
    expect(await node.helia.pins.isPinned(root)).toBe(false)
    expect(await node.helia.pins.isPinned(file)).toBe(false)
    expect(await unpinDag(node.helia, root)).toBe(false)
  })
})
