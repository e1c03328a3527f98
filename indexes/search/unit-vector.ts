/**
 * The unit vector of `vector` in float32 arithmetic, bit for bit what hnswlib's
 * cosine space stores for it (hnswlib-node's `normalizePoint`: each component
 * rounded to float32, the float32 sum of squares accumulated in order, its
 * float32 square root, each component divided by it in float32; a zero vector
 * stays zero).
 *
 * Quarry normalises here, once, and hands hnswlib unit vectors in its
 * inner-product space: a vector read back from an index (already a unit
 * vector) is then re-inserted as it is, instead of being normalised a second
 * time, which changes its last bits. So an HNSW graph rebuilt from a loaded
 * index's vectors has the bytes of one built from the embedder's output.
 */
export function unitVector (vector: ArrayLike<number>): number[] {
  const f = Math.fround
  const n = vector.length
  let sum = 0
  for (let i = 0; i < n; i++) {
    const x = f(vector[i] ?? 0)
    // float32 product, then float32 sum (computing each in double and rounding once is exact for float32 operands)
    sum = f(sum + f(x * x))
  }
  const norm = f(Math.sqrt(Math.abs(sum)))
  const out = new Array<number>(n)
  for (let i = 0; i < n; i++) {
    const x = f(vector[i] ?? 0)
    out[i] = norm > 0 ? f(x / norm) : x
  }
  return out
}
