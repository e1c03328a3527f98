import { InvalidIndexError } from '../errors.js'

/** What an hnswlib file must hold, from the index manifest */
export interface HnswFileExpectation {
  dimensions: number
  /** Number of vectors (the manifest's embedded chunk count) */
  count: number
  /**
   * Labels (chunk ids) are below this: the manifest's chunk count, which is
   * more than `count` in a lexical-only or partly embedded index. @default count
   */
  ids?: number
  /** Links per node */
  m: number
  /** Build candidate list size, when the manifest states it */
  efConstruction?: number
}

const HEADER_BYTES = 96

/**
 * Check an hnswlib index file against its manifest before native code reads
 * it: header fields (element count, capacity, M, per-element layout,
 * entry point, level), then every element's level-0 link list, label and
 * vector (finite floats), and every upper-level link list, so no link points
 * past the graph and the file ends exactly where the last list does. The
 * native loader allocates and follows these numbers without checks; a bad
 * file must fail here with a clear error instead.
 *
 * @throws {InvalidIndexError} naming the first field that does not fit
 */
export function validateHnswFile (bytes: Uint8Array, expected: HnswFileExpectation): void {
  const bad = (what: string): never => { throw new InvalidIndexError(`vectors.hnsw does not match the index manifest: ${what}`) }
  if (bytes.byteLength < HEADER_BYTES) bad(`${bytes.byteLength} bytes, shorter than the hnswlib header`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const u64 = (at: number): number => {
    const v = view.getBigUint64(at, true)
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v)
  }
  const { dimensions, count, m } = expected
  const maxM0 = 2 * m
  const level0Bytes = maxM0 * 4 + 4
  const upperBytes = m * 4 + 4
  const elementBytes = level0Bytes + dimensions * 4 + 8
  if (u64(0) !== 0) bad('offsetLevel0 is not 0')
  const maxElements = u64(8)
  const n = u64(16)
  if (n !== count) bad(`it holds ${n} vectors, the manifest says ${count}`)
  const ids = Math.max(expected.ids ?? n, n)
  if (maxElements < n || maxElements > Math.max(ids, 1) * 2) bad(`capacity ${maxElements} for ${n} vectors`)
  if (u64(24) !== elementBytes) bad(`element size ${u64(24)}, expected ${elementBytes} for ${dimensions} dimensions and M=${m}`)
  if (u64(40) !== level0Bytes) bad(`data offset ${u64(40)}, expected ${level0Bytes}`)
  if (u64(32) !== level0Bytes + dimensions * 4) bad(`label offset ${u64(32)}, expected ${level0Bytes + dimensions * 4}`)
  const maxLevel = view.getInt32(48, true)
  const entry = view.getUint32(52, true)
  if (u64(56) !== m || u64(72) !== m) bad(`M is ${u64(72)} (maxM ${u64(56)}), the manifest says ${m}`)
  if (u64(64) !== maxM0) bad(`maxM0 ${u64(64)}, expected ${maxM0}`)
  if (!Number.isFinite(view.getFloat64(80, true))) bad('the level multiplier is not a number')
  if (expected.efConstruction != null && u64(88) !== expected.efConstruction) bad(`efConstruction ${u64(88)}, the manifest says ${expected.efConstruction}`)
  if (n > 0 && (maxLevel < 0 || maxLevel > 64 || entry >= n)) bad(`entry point ${entry} at level ${maxLevel}`)
  let pos = HEADER_BYTES + n * elementBytes
  if (pos > bytes.byteLength) bad('it is truncated inside the vectors')
  const links = (at: number, max: number, where: string): void => {
    const k = view.getUint16(at, true)
    if (k > max) bad(`${where} has ${k} links, more than ${max}`)
    for (let j = 0; j < k; j++) if (view.getUint32(at + 4 + 4 * j, true) >= n) bad(`${where} links to a node past the graph`)
  }
  const labels = new Set<number>()
  for (let i = 0; i < n; i++) {
    const base = HEADER_BYTES + i * elementBytes
    links(base, maxM0, `node ${i}`)
    for (let d = 0; d < dimensions; d++) if (!Number.isFinite(view.getFloat32(base + level0Bytes + 4 * d, true))) bad(`node ${i} has a vector component that is not a number`)
    const label = u64(base + level0Bytes + dimensions * 4)
    if (label >= ids || labels.has(label)) bad(`node ${i} has label ${label}`)
    labels.add(label)
  }
  for (let i = 0; i < n; i++) {
    if (pos + 4 > bytes.byteLength) bad(`it is truncated at the link lists of node ${i}`)
    const size = view.getUint32(pos, true)
    pos += 4
    if (size % upperBytes !== 0 || size / upperBytes > Math.max(maxLevel, 0)) bad(`node ${i} has upper link lists of ${size} bytes`)
    if (pos + size > bytes.byteLength) bad(`it is truncated in the link lists of node ${i}`)
    for (let level = 0; level < size / upperBytes; level++) links(pos + level * upperBytes, m, `node ${i} level ${level + 1}`)
    pos += size
  }
  if (pos !== bytes.byteLength) bad(`${bytes.byteLength - pos} bytes after the last link list`)
}
