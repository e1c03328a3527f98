import { embeddingText } from '../chunking/embedding-text.js'
import { unitVector } from '../search/unit-vector.js'
import type { Chunk } from '../chunk.js'
import type { EmbedBatchProgress, Embedder } from '../embedder.js'
import type { VectorIndex } from '../search/hnsw-index.js'
import type { VectorCheck } from './index-verification.js'
import type { AbortOptions } from '@libp2p/interface'

/**
 * Largest difference allowed between a component of a stored unit vector and
 * the same component re-embedded: USE-lite on onnxruntime and on TensorFlow.js
 * wasm agree to ~4e-7 per component (measured: 68 filecoin-docs chunks, largest difference 3.5e-7), a native runtime on another CPU differs
 * in the last bits (~1e-7); a vector moved to steer a search differs by far
 * more (a unit vector of 512 components has typical components of ~0.04).
 */
export const VECTOR_TOLERANCE = 1e-5

/** Options for {@link checkVectors} */
export interface CheckVectorsOptions extends AbortOptions {
  /** Re-embed a seeded random sample of this many vectors instead of all. @default all */
  sample?: number
  /** Seed of the sample. @default 1 */
  seed?: number
  /** @default {@link VECTOR_TOLERANCE} */
  tolerance?: number
  /** Texts per embedding call. @default 64 */
  batchSize?: number
  onProgress?(event: EmbedBatchProgress): void
}

/** Deterministic PRNG (mulberry32): the same seed draws the same sample on any machine */
function mulberry32 (seed: number): () => number {
  let s = seed | 0
  return () => {
    s = (s + 0x6D2B79F5) | 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** `size` of `ids` drawn without replacement by a seeded shuffle, in ascending order */
export function seededSample (ids: readonly number[], size: number, seed: number): number[] {
  if (size >= ids.length) return [...ids]
  const pool = [...ids]
  const next = mulberry32(seed)
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(next() * (pool.length - i))
    const t = pool[i] as number
    pool[i] = pool[j] as number
    pool[j] = t
  }
  return pool.slice(0, size).sort((a, b) => a - b)
}

/**
 * Re-embed the chunks behind an index's vectors (all, or a seeded sample)
 * and compare each stored unit vector with the unit vector of its chunk's
 * embedding, component by component, within `tolerance`.
 */
export async function checkVectors (vectors: VectorIndex, chunks: Chunk[], embedder: Embedder, options: CheckVectorsOptions = {}): Promise<VectorCheck> {
  const tolerance = options.tolerance ?? VECTOR_TOLERANCE
  const embedded = vectors.ids().sort((a, b) => a - b)
  const seed = options.seed ?? 1
  const sampled = options.sample !== undefined && options.sample < embedded.length
  const ids = sampled ? seededSample(embedded, Math.max(0, Math.floor(options.sample ?? 0)), seed) : embedded
  const out: VectorCheck = { embedded: embedded.length, checked: 0, ...(sampled ? { sample: { size: ids.length, seed } } : {}), tolerance, maxDiff: 0, identical: 0, offTolerance: [], offCount: 0 }
  const batchSize = Math.max(1, options.batchSize ?? 64)
  for (let start = 0; start < ids.length; start += batchSize) {
    options.signal?.throwIfAborted()
    const batch = ids.slice(start, start + batchSize)
    const fresh = await embedder.embedDocuments(batch.map(id => embeddingText(chunks[id] as Chunk)), { signal: options.signal })
    batch.forEach((id, i) => {
      const want = unitVector(fresh[i] ?? [])
      const have = vectors.vector(id)
      let diff = want.length === have.length ? 0 : Infinity
      for (let d = 0; d < have.length && diff !== Infinity; d++) diff = Math.max(diff, Math.abs((have[d] ?? 0) - (want[d] ?? 0)))
      out.maxDiff = Math.max(out.maxDiff, diff)
      if (diff === 0) out.identical++
      if (diff > tolerance) {
        out.offCount++
        const chunk = chunks[id] as Chunk
        if (out.offTolerance.length < 20) out.offTolerance.push({ id, path: chunk.path, chunkCid: chunk.chunkCid.toString(), byteStart: chunk.byteStart, byteEnd: chunk.byteEnd, maxDiff: diff })
      }
    })
    out.checked += batch.length
    options.onProgress?.({ type: 'indexes:embed:batch', done: out.checked, total: ids.length })
  }
  return out
}
