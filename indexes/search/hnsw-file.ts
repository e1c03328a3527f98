import { InvalidIndexError } from '../errors.js'
import { PartsReader, type ByteParts } from './byte-parts.js'

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
 * file must fail here with a clear error instead. `bytes` may be the file's
 * parts ({@link ByteParts}): they are read in place, never joined.
 *
 * @throws {InvalidIndexError} naming the first field that does not fit
 */
export function validateHnswFile (bytes: Uint8Array | ByteParts, expected: HnswFileExpectation): void {
  const bad = (what: string): never => { throw new InvalidIndexError(`vectors.hnsw does not match the index manifest: ${what}`) }
  const file = new PartsReader(bytes)
  const byteLength = file.byteLength
  if (byteLength < HEADER_BYTES) bad(`${byteLength} bytes, shorter than the hnswlib header`)
  const { view: head, offset: h } = file.window(0, HEADER_BYTES)
  const u64 = (view: DataView, at: number): number => {
    const v = view.getBigUint64(at, true)
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v)
  }
  const field = (at: number): number => u64(head, h + at)
  const { dimensions, count, m } = expected
  const maxM0 = 2 * m
  const level0Bytes = maxM0 * 4 + 4
  const upperBytes = m * 4 + 4
  const elementBytes = level0Bytes + dimensions * 4 + 8
  if (field(0) !== 0) bad('offsetLevel0 is not 0')
  const maxElements = field(8)
  const n = field(16)
  if (n !== count) bad(`it holds ${n} vectors, the manifest says ${count}`)
  const ids = Math.max(expected.ids ?? n, n)
  if (maxElements < n || maxElements > Math.max(ids, 1) * 2) bad(`capacity ${maxElements} for ${n} vectors`)
  if (field(24) !== elementBytes) bad(`element size ${field(24)}, expected ${elementBytes} for ${dimensions} dimensions and M=${m}`)
  if (field(40) !== level0Bytes) bad(`data offset ${field(40)}, expected ${level0Bytes}`)
  if (field(32) !== level0Bytes + dimensions * 4) bad(`label offset ${field(32)}, expected ${level0Bytes + dimensions * 4}`)
  const maxLevel = head.getInt32(h + 48, true)
  const entry = head.getUint32(h + 52, true)
  if (field(56) !== m || field(72) !== m) bad(`M is ${field(72)} (maxM ${field(56)}), the manifest says ${m}`)
  if (field(64) !== maxM0) bad(`maxM0 ${field(64)}, expected ${maxM0}`)
  if (!Number.isFinite(head.getFloat64(h + 80, true))) bad('the level multiplier is not a number')
  if (expected.efConstruction != null && field(88) !== expected.efConstruction) bad(`efConstruction ${field(88)}, the manifest says ${expected.efConstruction}`)
  if (n > 0 && (maxLevel < 0 || maxLevel > 64 || entry >= n)) bad(`entry point ${entry} at level ${maxLevel}`)
  let pos = HEADER_BYTES + n * elementBytes
  if (pos > byteLength) bad('it is truncated inside the vectors')
  const links = (view: DataView, at: number, max: number, where: string): void => {
    const k = view.getUint16(at, true)
    if (k > max) bad(`${where} has ${k} links, more than ${max}`)
    for (let j = 0; j < k; j++) if (view.getUint32(at + 4 + 4 * j, true) >= n) bad(`${where} links to a node past the graph`)
  }
  const labels = new Set<number>()
  for (let i = 0; i < n; i++) {
    // one element at a time: a view into its part (a copy only when it crosses into the next part)
    const { view, offset: base } = file.window(HEADER_BYTES + i * elementBytes, elementBytes)
    links(view, base, maxM0, `node ${i}`)
    for (let d = 0; d < dimensions; d++) if (!Number.isFinite(view.getFloat32(base + level0Bytes + 4 * d, true))) bad(`node ${i} has a vector component that is not a number`)
    const label = u64(view, base + level0Bytes + dimensions * 4)
    if (label >= ids || labels.has(label)) bad(`node ${i} has label ${label}`)
    labels.add(label)
  }
  for (let i = 0; i < n; i++) {
    if (pos + 4 > byteLength) bad(`it is truncated at the link lists of node ${i}`)
    const { view: sizeView, offset: at } = file.window(pos, 4)
    const size = sizeView.getUint32(at, true)
    pos += 4
    if (size % upperBytes !== 0 || size / upperBytes > Math.max(maxLevel, 0)) bad(`node ${i} has upper link lists of ${size} bytes`)
    if (pos + size > byteLength) bad(`it is truncated in the link lists of node ${i}`)
    if (size > 0) {
      const { view, offset } = file.window(pos, size)
      for (let level = 0; level < size / upperBytes; level++) links(view, offset + level * upperBytes, m, `node ${i} level ${level + 1}`)
    }
    pos += size
  }
  if (pos !== byteLength) bad(`${byteLength - pos} bytes after the last link list`)
}
