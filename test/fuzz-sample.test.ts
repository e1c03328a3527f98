import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { CarBlockIterator, CarWriter } from '@ipld/car'
import { fuzzCars, fuzzIndexes, makeFixtures } from '../bench/faults/fuzz-lib.js'
import { createQuarryNode, importCar, type QuarryNode } from '../corpora/index.js'
import { tempDir } from './helpers/shared.js'

async function blockFiles (dir: string): Promise<number> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter(e => e.isFile() && e.name.endsWith('.data')).length
}

/** A CI-sized sample of bench/faults/fuzz.ts (which runs hundreds of cases) */
describe('fuzzed CARs and index directories end in clear errors', () => {
  let work: { dir: string, cleanup: () => Promise<void> }
  let node: QuarryNode
  let fixtures: Awaited<ReturnType<typeof makeFixtures>>
  beforeAll(async () => {
    work = await tempDir('quarry-fuzz-')
    fixtures = await makeFixtures(work.dir)
    node = await createQuarryNode({ home: join(work.dir, 'victim') })
  })
  afterAll(async () => {
    await node?.stop()
    await work?.cleanup()
  })

  it('30 mutated CARs: each refused with InvalidCarError (or still valid), nothing stored', async () => {
    const c = await fuzzCars(node, work.dir, fixtures.car, 30, 7)
    expect(c.unclear).toEqual([])
    expect(c.refused + c.accepted).toBe(30)
    expect(c.refused).toBeGreaterThan(20)
  })

  it('30 mutated index directories: each refused with a named error or loads and searches', async () => {
    const c = await fuzzIndexes(node, fixtures.index, fixtures.embedder, 30, 8)
    expect(c.unclear).toEqual([])
    expect(c.refused).toBeGreaterThan(10)
  })

  it('a CAR missing one block is refused as incomplete before any block is stored', async () => {
    const reader = await CarBlockIterator.fromBytes(fixtures.car)
    const roots = await reader.getRoots()
    const { writer, out } = CarWriter.create(roots)
    const parts: Uint8Array[] = []
    const collected = (async () => { for await (const p of out) parts.push(p) })()
    let dropped = ''
    for await (const block of reader) {
      if (dropped === '' && block.cid.code === 0x55) {
        dropped = block.cid.toString()
        continue
      }
      await writer.put(block)
    }
    await writer.close()
    await collected
    const file = join(work.dir, 'incomplete.car')
    await writeFile(file, Buffer.concat(parts))
    const before = await blockFiles(node.home.blocks)
    const err = await importCar(node.helia, file).catch((e: Error) => e)
    expect((err as Error).name).toBe('InvalidCarError')
    expect((err as Error).message).toContain(`is incomplete: block ${dropped}`)
    expect((err as Error).message).toContain('nothing was stored')
    expect(await blockFiles(node.home.blocks)).toBe(before)
  })
})
