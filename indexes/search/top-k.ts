/**
 * The positions of the `k` largest positive values of `scores`, best first,
 * ties broken by the smaller `ids[position]`. One pass with a bounded binary
 * heap (worst kept entry at the root): nothing is allocated per scored entry.
 */
export function topK (scores: Float64Array, ids: ArrayLike<number>, k: number): number[] {
  if (k <= 0) return []
  const heap = new Int32Array(Math.min(k, scores.length))
  let size = 0
  /** Whether position x ranks below position y */
  const worse = (x: number, y: number): boolean => {
    const sx = scores[x] as number
    const sy = scores[y] as number
    return sx < sy || (sx === sy && (ids[x] as number) > (ids[y] as number))
  }
  const down = (from: number): void => {
    let i = from
    for (;;) {
      const l = 2 * i + 1
      if (l >= size) return
      const r = l + 1
      const c = r < size && worse(heap[r] as number, heap[l] as number) ? r : l
      if (!worse(heap[c] as number, heap[i] as number)) return
      const tmp = heap[i] as number; heap[i] = heap[c] as number; heap[c] = tmp
      i = c
    }
  }
  for (let p = 0; p < scores.length; p++) {
    if (!((scores[p] as number) > 0)) continue
    if (size < heap.length) {
      let i = size++
      heap[i] = p
      while (i > 0) {
        const parent = (i - 1) >> 1
        if (!worse(heap[i] as number, heap[parent] as number)) break
        const tmp = heap[i] as number; heap[i] = heap[parent] as number; heap[parent] = tmp
        i = parent
      }
    } else if (worse(heap[0] as number, p)) {
      heap[0] = p
      down(0)
    }
  }
  const out = Array.from(heap.subarray(0, size))
  return out.sort((x, y) => worse(x, y) ? 1 : worse(y, x) ? -1 : 0)
}
