const HEADER_BYTES = 96

/**
 * The expected size of hnswlib's file for `count` vectors: per element its
 * level-0 links (2·M of them and a count), its vector and its label, plus the
 * upper levels' links (an element reaches 1/(M−1) upper levels on average, and
 * each element stores a 4-byte list size). Measured: 1M × 512-d, M 16 wrote
 * 2,196,565,344 bytes; this gives 2,196,571,525. Such a file is pinned in
 * parts (see `DEFAULT_INDEX_PART_BYTES`).
 */
export function hnswFileBytes (count: number, dimensions: number, m: number): number {
  const level0 = (2 * m + 1) * 4 + dimensions * 4 + 8
  const upper = 4 + (m + 1) * 4 / (m - 1)
  return HEADER_BYTES + Math.round(count * (level0 + upper))
}
