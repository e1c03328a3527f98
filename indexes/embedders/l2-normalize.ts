/**
 * Scale a vector to unit L2 length, returning a new plain array. A zero vector
 * (or one with non-finite entries summing to a non-finite norm) is returned as
 * zeros, since it has no direction.
 *
 * @example
 * ```ts
 * l2Normalize([3, 4]) // [0.6, 0.8]
 * ```
 */
export function l2Normalize (vector: ArrayLike<number>): number[] {
  let sum = 0
  for (let i = 0; i < vector.length; i++) {
    const x = vector[i] ?? 0
    sum += x * x
  }
  const norm = Math.sqrt(sum)
  const out = new Array<number>(vector.length)
  if (norm === 0 || !Number.isFinite(norm)) {
    return out.fill(0)
  }
  for (let i = 0; i < vector.length; i++) {
    out[i] = (vector[i] ?? 0) / norm
  }
  return out
}
