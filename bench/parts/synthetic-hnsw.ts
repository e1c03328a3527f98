/**
 * A SYNTHETIC hnswlib index file, written straight to disk in the format
 * hnswlib reads (header, level-0 elements, upper link lists), so a file past
 * 2 GiB can be had in seconds instead of the ~35 core-minutes hnswlib needs to
 * build 1M × 512-d here. Vectors are seeded random unit vectors; the graph is
 * one level whose links are a ring with power-of-two hops (i ± 1, 2, 4, … mod
 * n): valid and connected, but not a nearest-neighbour graph, so searches on
 * it measure loading and latency, not recall.
 */
import { open } from 'node:fs/promises'

/** The file's parameters */
export interface SyntheticHnsw {
  count: number
  dimensions: number
  /** Links per node (level 0 holds 2·m) */
  m: number
  efConstruction: number
  seed: number
}

const HEADER_BYTES = 96

/** Bytes of one level-0 element: link count + 2·m links, the vector, the label */
export function elementBytes (s: Pick<SyntheticHnsw, 'dimensions' | 'm'>): number {
  return (2 * s.m + 1) * 4 + s.dimensions * 4 + 8
}

/** The size of the file {@link writeSyntheticHnsw} writes */
export function syntheticHnswBytes (s: SyntheticHnsw): number {
  return HEADER_BYTES + s.count * (elementBytes(s) + 4)
}

/** The vector of element `i` (deterministic: the same for the same seed), as stored: unit length, float32 */
export function syntheticVector (s: Pick<SyntheticHnsw, 'dimensions' | 'seed'>, i: number): Float32Array {
  let x = (Math.imul(i + 1, 0x9e3779b1) ^ s.seed) >>> 0
  const v = new Float32Array(s.dimensions)
  let norm = 0
  for (let d = 0; d < v.length; d++) {
    // xorshift32
    x ^= x << 13; x >>>= 0
    x ^= x >>> 17
    x ^= x << 5; x >>>= 0
    const u = x / 2 ** 32 - 0.5
    v[d] = u
    norm += u * u
  }
  const scale = 1 / Math.sqrt(norm)
  for (let d = 0; d < v.length; d++) v[d] = (v[d] as number) * scale
  return v
}

function header (s: SyntheticHnsw): Uint8Array {
  const buf = new Uint8Array(HEADER_BYTES)
  const view = new DataView(buf.buffer)
  const u64 = (at: number, v: number): void => { view.setBigUint64(at, BigInt(v), true) }
  const level0 = (2 * s.m + 1) * 4
  u64(0, 0)
  u64(8, s.count)
  u64(16, s.count)
  u64(24, elementBytes(s))
  u64(32, level0 + s.dimensions * 4)
  u64(40, level0)
  view.setInt32(48, 0, true)
  view.setUint32(52, 0, true)
  u64(56, s.m)
  u64(64, 2 * s.m)
  u64(72, s.m)
  view.setFloat64(80, 1 / Math.log(s.m), true)
  u64(88, s.efConstruction)
  return buf
}

/** Write the file to `file` in pieces of ~64 MiB; resolves with its size */
export async function writeSyntheticHnsw (file: string, s: SyntheticHnsw): Promise<number> {
  const handle = await open(file, 'w')
  try {
    await handle.write(header(s))
    const size = elementBytes(s)
    const perPiece = Math.max(1, Math.floor(64 * 2 ** 20 / size))
    const hops = Array.from({ length: s.m }, (_, k) => 2 ** k).filter(h => h < s.count)
    for (let start = 0; start < s.count; start += perPiece) {
      const n = Math.min(perPiece, s.count - start)
      const piece = new Uint8Array(n * size)
      const view = new DataView(piece.buffer)
      for (let j = 0; j < n; j++) {
        const i = start + j
        const base = j * size
        const links = new Set<number>()
        for (const h of hops) { links.add((i + h) % s.count); links.add((i - h + s.count) % s.count) }
        links.delete(i)
        const list = [...links].slice(0, 2 * s.m)
        view.setUint16(base, list.length, true)
        list.forEach((to, k) => { view.setUint32(base + 4 + 4 * k, to, true) })
        piece.set(new Uint8Array(syntheticVector(s, i).buffer), base + (2 * s.m + 1) * 4)
        view.setBigUint64(base + (2 * s.m + 1) * 4 + s.dimensions * 4, BigInt(i), true)
      }
      await handle.write(piece)
    }
    // no upper levels: each element's upper link list size is 0
    const zeros = new Uint8Array(4 * Math.min(s.count, 2 ** 20))
    for (let written = 0; written < s.count; written += zeros.byteLength / 4) {
      await handle.write(zeros.subarray(0, 4 * Math.min(zeros.byteLength / 4, s.count - written)))
    }
  } finally {
    await handle.close()
  }
  return syntheticHnswBytes(s)
}
