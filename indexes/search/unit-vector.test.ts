import { createRequire } from 'node:module'
import { describe, it, expect } from 'vitest'
import { createHnswIndex } from './hnsw-index.js'
import { rebuildInIdOrder } from './rebuild-in-id-order.js'
import { unitVector } from './unit-vector.js'
import type hnswlibTypes from 'hnswlib-node'
import { seededRandom as random } from '../fusion/choose-dense-weight.js'

function randomVectors (count: number, dimensions: number, seed: number): number[][] {
  const next = random(seed)
  // embedder-like: components of mixed magnitude, not float32 values until rounded
  return Array.from({ length: count }, () => Array.from({ length: dimensions }, () => (next() * 2 - 1) * (next() < 0.1 ? 3 : 0.05)))
}

describe('unitVector', () => {
  it('gives the bits hnswlib\'s own cosine space stores for a vector', () => {
    const hnswlib = createRequire(import.meta.url)('hnswlib-node') as typeof hnswlibTypes
    const vectors = randomVectors(300, 512, 7)
    const native = new hnswlib.HierarchicalNSW('cosine', 512)
    native.initIndex({ maxElements: vectors.length, m: 8, efConstruction: 20, randomSeed: 100 })
    vectors.forEach((v, i) => { native.addPoint(v, i) })
    vectors.forEach((v, i) => { expect(unitVector(v)).toEqual(native.getPoint(i)) })
  })

  it('keeps a zero vector zero', () => {
    expect(unitVector([0, 0, 0])).toEqual([0, 0, 0])
  })
})

describe('rebuildInIdOrder', () => {
  it('rebuilds a graph from its own stored vectors with the bytes of the graph built from the raw vectors', async () => {
    const vectors = randomVectors(400, 64, 3)
    const built = createHnswIndex({ dimensions: 64, capacity: vectors.length })
    built.add(vectors, vectors.map((_, i) => i))
    // inserted in another order first, as progressive filling does
    const shuffled = createHnswIndex({ dimensions: 64, capacity: vectors.length })
    const order = vectors.map((_, i) => i).reverse()
    shuffled.add(order.map(i => vectors[i] ?? []), order)
    const rebuilt = rebuildInIdOrder(shuffled, vectors.length)
    expect(Buffer.from(await rebuilt.toBytes()).equals(Buffer.from(await built.toBytes()))).toBe(true)
    // a vector read back and stored again without `unit` would be normalised twice: other bits
    const twice = createHnswIndex({ dimensions: 64, capacity: vectors.length })
    twice.add(vectors.map((_, i) => built.vector(i)), vectors.map((_, i) => i))
    expect(Buffer.from(await twice.toBytes()).equals(Buffer.from(await built.toBytes()))).toBe(false)
  })
})
