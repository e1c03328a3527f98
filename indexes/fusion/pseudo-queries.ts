import { seededRandom } from './choose-dense-weight.js'
import type { Chunk } from '../chunk.js'

/** A query whose relevant chunks are known */
export interface CalibrationQuery {
  text: string
  /** Chunk ids that answer it */
  relevant: number[]
}

/** Options for {@link pseudoQueries} */
export interface PseudoQueryOptions {
  /** Queries to draw. @default 100 */
  count?: number
  /** Words in the window a query is drawn from. @default 16 */
  window?: number
  /** Words kept from the window (in order). @default 8 */
  keep?: number
  /** Seed: the same chunks and seed give the same queries. @default 1 */
  seed?: number
}

const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}'’-]*/gu

/** FNV-1a hash of a string mixed with a seed */
function hash (text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0
  return h
}

/**
 * Label-free calibration queries drawn from the corpus itself (a simulated
 * known-item search): chunks are picked by a seeded hash of their CID (so
 * the pick does not depend on corpus order), and each query keeps `keep`
 * words, in order, of a random `window`-word span of its chunk's text. The
 * relevant chunks are every chunk with the same CID. Chunks shorter than the
 * window are skipped.
 */
export function pseudoQueries (chunks: readonly Chunk[], options: PseudoQueryOptions = {}): CalibrationQuery[] {
  const count = options.count ?? 100
  const window = options.window ?? 16
  const keep = Math.min(options.keep ?? 8, window)
  const seed = options.seed ?? 1
  const idsByCid = new Map<string, number[]>()
  chunks.forEach((chunk, id) => {
    const key = chunk.chunkCid.toString()
    const ids = idsByCid.get(key)
    if (ids === undefined) idsByCid.set(key, [id])
    else ids.push(id)
  })
  const order = [...idsByCid.keys()].sort((a, b) => hash(a, seed) - hash(b, seed) || (a < b ? -1 : 1))
  const random = seededRandom(seed)
  const queries: CalibrationQuery[] = []
  for (const key of order) {
    if (queries.length >= count) break
    const relevant = idsByCid.get(key) as number[]
    const words = [...(chunks[relevant[0] as number]?.text ?? '').matchAll(WORD)].map(m => m[0])
    if (words.length < window) continue
    const start = Math.floor(random() * (words.length - window + 1))
    const span = words.slice(start, start + window)
    const picked = new Set<number>()
    while (picked.size < keep) picked.add(Math.floor(random() * window))
    queries.push({ text: [...picked].sort((a, b) => a - b).map(i => span[i]).join(' '), relevant })
  }
  return queries
}
