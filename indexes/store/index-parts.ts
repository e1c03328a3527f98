import { INDEX_FILES } from './index-manifest.js'

/**
 * The largest index file written whole: a larger one (`chunks.jsonl`,
 * `vectors.hnsw` or `lexical.bin`) is written as parts of at most this many
 * bytes, listed in the manifest's `parts` (1 GiB).
 */
export const DEFAULT_INDEX_PART_BYTES = 2 ** 30

/** The smallest part size accepted (tests split a small index into many parts) */
export const MIN_INDEX_PART_BYTES = 1024

/** The largest part size accepted: under 2 GiB, the most many tools read into one buffer */
export const MAX_INDEX_PART_BYTES = 2 ** 31 - 1

/** The index files that grow with the corpus, and so may be written in parts */
export type IndexFileKey = 'chunks' | 'vectors' | 'lexical'

/** The keys of {@link IndexFileKey}, in the order the files are written */
export const PARTED_FILES: readonly IndexFileKey[] = Object.freeze(['chunks', 'vectors', 'lexical'])

/**
 * Check a part size (a setting or an option).
 *
 * @throws {RangeError} when it is not a whole number from {@link MIN_INDEX_PART_BYTES} to {@link MAX_INDEX_PART_BYTES}
 */
export function checkPartBytes (partBytes: number): number {
  if (!Number.isSafeInteger(partBytes) || partBytes < MIN_INDEX_PART_BYTES || partBytes > MAX_INDEX_PART_BYTES) {
    throw new RangeError(`The index part size must be a whole number of bytes from ${MIN_INDEX_PART_BYTES} to ${MAX_INDEX_PART_BYTES}, got ${partBytes}`)
  }
  return partBytes
}

/** The name of part `i` of an index file: `vectors.hnsw.0000`, `vectors.hnsw.0001`… */
export function partName (file: string, i: number): string {
  return `${file}.${String(i).padStart(4, '0')}`
}

/**
 * The parts a file of `bytes` bytes is written as: undefined when it fits in
 * one part (it is written whole, as an index without parts), else the byte
 * range of each part in order (all but the last exactly `partBytes` long).
 */
export function planParts (key: IndexFileKey, bytes: number, partBytes: number): Array<{ name: string, start: number, end: number }> | undefined {
  if (bytes <= partBytes) return undefined
  const parts = []
  for (let start = 0, i = 0; start < bytes; start += partBytes, i++) {
    parts.push({ name: partName(INDEX_FILES[key], i), start, end: Math.min(bytes, start + partBytes) })
  }
  return parts
}
