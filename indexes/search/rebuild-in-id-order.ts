import { createHnswIndex, type VectorIndex } from './hnsw-index.js'
import type { AbortOptions } from '@libp2p/interface'

/** Options for {@link rebuildInIdOrder} */
export interface RebuildInIdOrderOptions extends AbortOptions {
  /** The ids to insert (a partly embedded index has vectors for some chunks only). @default 0 … capacity - 1 */
  ids?: readonly number[]
}

/**
 * The HNSW graph a build makes over the vectors of `vectors`: a fresh graph
 * with the same parameters and seed and room for `capacity` vectors (the
 * index's chunk count), the stored unit vectors inserted as they are (never
 * normalised again) in ascending id order. Progressive filling finishes with
 * it, and `verifyIndex` compares it with a pinned graph byte for byte.
 *
 * @throws {Error} from hnswlib when an id to insert has no vector
 */
export function rebuildInIdOrder (vectors: VectorIndex, capacity: number, options: RebuildInIdOrderOptions = {}): VectorIndex {
  const { m, efConstruction, ef, seed } = vectors.params
  const rebuilt = createHnswIndex({ dimensions: vectors.dimensions, capacity: Math.max(capacity, 1), m, efConstruction, ef, seed })
  const ids = options.ids == null ? Array.from({ length: capacity }, (_, i) => i) : [...options.ids].sort((a, b) => a - b)
  for (let start = 0; start < ids.length; start += 1000) {
    options.signal?.throwIfAborted()
    const part = ids.slice(start, start + 1000)
    rebuilt.add(part.map(id => vectors.vector(id)), part, { unit: true })
  }
  return rebuilt
}
