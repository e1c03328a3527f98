import { IndexTooLargeError } from '../errors.js'

/**
 * The largest file Quarry keeps in one buffer (Node's `fs.readFile` limit,
 * 2 GiB): an index's files are held in memory and pinned whole.
 */
export const MAX_INDEX_FILE_BYTES = 2 ** 31 - 1

const HEADER_BYTES = 96

/**
 * The expected size of hnswlib's file for `count` vectors: per element its
 * level-0 links (2·M of them and a count), its vector and its label, plus the
 * upper levels' links (an element reaches 1/(M−1) upper levels on average, and
 * each element stores a 4-byte list size). Measured: 1M × 512-d, M 16 wrote
 * 2,196,565,344 bytes; this gives 2,196,571,525.
 */
export function hnswFileBytes (count: number, dimensions: number, m: number): number {
  const level0 = (2 * m + 1) * 4 + dimensions * 4 + 8
  const upper = 4 + (m + 1) * 4 / (m - 1)
  return HEADER_BYTES + Math.round(count * (level0 + upper))
}

/**
 * Fail before any embedding when an HNSW file of `count` vectors would be
 * larger than {@link MAX_INDEX_FILE_BYTES}, saying how large and what to do.
 *
 * @throws {IndexTooLargeError}
 */
export function checkHnswFileSize (count: number, dimensions: number, m: number): void {
  const bytes = hnswFileBytes(count, dimensions, m)
  if (bytes <= MAX_INDEX_FILE_BYTES) return
  const gib = (n: number): string => (n / 2 ** 30).toFixed(2)
  const fits = Math.floor((MAX_INDEX_FILE_BYTES - HEADER_BYTES) / (hnswFileBytes(1, dimensions, m) - HEADER_BYTES))
  throw new IndexTooLargeError(`An index of ${count} chunks with ${dimensions}-d vectors needs a ${gib(bytes)} GiB HNSW file; ` +
    `Quarry keeps an index's files in memory and pins each whole, at most ${gib(MAX_INDEX_FILE_BYTES)} GiB ` +
    `(about ${fits} chunks at ${dimensions}-d, M ${m}): split the corpus into several, or use an embedder with fewer dimensions`)
}
