/**
 * `node --import tsx bench/faults/fuzz.ts [--cars 200] [--indexes 200] [--seed 1]`
 *
 * Feeds mutated CAR files to `importCar` and mutated index directories to
 * `loadIndex` and prints how each case ended: refused with a clear error,
 * accepted (the mutation left valid input), or unclear (a bug: any other
 * error, or a refused CAR that stored blocks). Exit code 1 on any unclear case.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createQuarryNode } from '../../corpora/index.js'
import { fuzzCars, fuzzIndexes, makeFixtures, type FuzzCounts } from './fuzz-lib.js'

const { values } = parseArgs({ options: { cars: { type: 'string', default: '200' }, indexes: { type: 'string', default: '200' }, seed: { type: 'string', default: '1' } } })
const work = await mkdtemp(join(tmpdir(), 'quarry-fuzz-'))
const show = (what: string, c: FuzzCounts): void => {
  console.log(`${what}: ${c.cases} cases, ${c.refused} refused with a clear error, ${c.accepted} accepted (still valid), ${c.unclear.length} unclear`)
  console.log(`  errors: ${Object.entries(c.byError).map(([k, v]) => `${k} ${v}`).join(', ')}`)
  for (const u of c.unclear.slice(0, 20)) console.log(`  UNCLEAR ${u.case}: ${u.error}`)
}
try {
  const fixtures = await makeFixtures(work)
  const node = await createQuarryNode({ home: join(work, 'victim-home') })
  try {
    const cars = await fuzzCars(node, work, fixtures.car, Number(values.cars), Number(values.seed))
    show('CARs', cars)
    const indexes = await fuzzIndexes(node, fixtures.index, fixtures.embedder, Number(values.indexes), Number(values.seed) + 1)
    show('index directories', indexes)
    if (cars.unclear.length + indexes.unclear.length > 0) process.exitCode = 1
  } finally {
    await node.stop()
  }
} finally {
  await rm(work, { recursive: true, force: true })
}
