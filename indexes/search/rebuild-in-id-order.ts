import { createHnswIndex, type VectorIndex } from './hnsw-index.js'
import type { AbortOptions } from '@libp2p/interface'

/**
 * The HNSW graph a full build makes over the vectors of `vectors`: a fresh
 * graph with the same parameters and seed, the stored unit vectors inserted
 * as they are (never normalised again) in chunk-id order `0 … total - 1`.
 * Progressive filling finishes with it, and `verifyIndex` compares it with a
 * pinned graph byte for byte.
 *
 * @throws {RangeError} when an id below `total` has no vector
 */
export function rebuildInIdOrder (vectors: VectorIndex, total: number, options: AbortOptions = {}): VectorIndex {
  const { m, efConstruction, ef, seed } = vectors.params
  const rebuilt = createHnswIndex({ dimensions: vectors.dimensions, capacity: Math.max(total, 1), m, efConstruction, ef, seed })
  for (let start = 0; start < total; start += 1000) {
    options.signal?.throwIfAborted()
    const ids = Array.from({ length: Math.min(1000, total - start) }, (_, i) => start + i)
    rebuilt.add(ids.map(id => vectors.vector(id)), ids, { unit: true })
  }
  return rebuilt
}
