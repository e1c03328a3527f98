/**
 * The bytes of one index file held as its parts, in order (a file written in
 * parts is never joined into one buffer: a file past 2 GiB could not be).
 * A file that is not split is one part.
 */
export type ByteParts = readonly Uint8Array[]

/** `data` as parts (a single buffer is one part) */
export function asParts (data: Uint8Array | ByteParts): ByteParts {
  return data instanceof Uint8Array ? [data] : data
}

/** Total bytes of all parts */
export function partsLength (parts: ByteParts): number {
  let n = 0
  for (const p of parts) n += p.byteLength
  return n
}

/** The first `n` bytes of `parts` (fewer when they hold fewer): the part itself when it holds them, else a copy */
export function partsPrefix (parts: ByteParts, n: number): Uint8Array {
  const first = parts[0] ?? new Uint8Array(0)
  if (first.byteLength >= n || parts.length === 1) return first.subarray(0, n)
  return partsSlice(parts, 0, Math.min(n, partsLength(parts)))
}

/** Bytes `start` to `end` of `parts`, copied into one buffer (for small ranges that cross parts) */
export function partsSlice (parts: ByteParts, start: number, end: number): Uint8Array {
  const out = new Uint8Array(Math.max(0, end - start))
  let base = 0
  for (const p of parts) {
    const lo = Math.max(start, base)
    const hi = Math.min(end, base + p.byteLength)
    if (lo < hi) out.set(p.subarray(lo - base, hi - base), lo - start)
    base += p.byteLength
    if (base >= end) break
  }
  return out
}

/**
 * Random access to a range of {@link ByteParts} as a `DataView`: the part's
 * own memory when the range lies inside one part (the common case), a copy
 * when it crosses a boundary. Reads that move forward find their part in
 * constant time.
 */
export class PartsReader {
  readonly byteLength: number
  readonly #parts: ByteParts
  readonly #starts: number[]
  readonly #views: DataView[]
  #at = 0

  constructor (data: Uint8Array | ByteParts) {
    this.#parts = asParts(data)
    this.#starts = []
    this.#views = []
    let base = 0
    for (const p of this.#parts) {
      this.#starts.push(base)
      this.#views.push(new DataView(p.buffer, p.byteOffset, p.byteLength))
      base += p.byteLength
    }
    this.byteLength = base
  }

  /**
   * A view holding bytes `start` to `start + length` (the caller checks the
   * range is inside the file) and the offset of `start` in that view
   */
  window (start: number, length: number): { view: DataView, offset: number } {
    if (start < 0 || start + length > this.byteLength) throw new RangeError(`bytes ${start} to ${start + length} are outside the ${this.byteLength} held`)
    const i = this.#partOf(start)
    const base = this.#starts[i] as number
    const view = this.#views[i] as DataView
    if (start + length <= base + view.byteLength) return { view, offset: start - base }
    const copy = partsSlice(this.#parts, start, start + length)
    return { view: new DataView(copy.buffer, copy.byteOffset, copy.byteLength), offset: 0 }
  }

  #partOf (offset: number): number {
    let i = this.#at
    const starts = this.#starts
    const inside = (k: number): boolean => offset >= (starts[k] as number) && (k + 1 >= starts.length || offset < (starts[k + 1] as number))
    if (!inside(i)) {
      if (i + 1 < starts.length && inside(i + 1)) i++
      else {
        let lo = 0
        let hi = starts.length - 1
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1
          if ((starts[mid] as number) <= offset) lo = mid
          else hi = mid - 1
        }
        i = lo
      }
    }
    // an empty part holds nothing: the next part with bytes does
    while (i + 1 < starts.length && (this.#views[i] as DataView).byteLength === 0) i++
    this.#at = i
    return i
  }
}

/**
 * Compares {@link ByteParts} with bytes that arrive in pieces of any size
 * (an encoder's output, a file read as a stream) without joining either side.
 */
export class PartsComparer {
  readonly #parts: ByteParts
  #part = 0
  #at = 0
  #same = true

  constructor (parts: ByteParts) {
    this.#parts = parts
  }

  /** Compare the next bytes; false once anything differed */
  push (piece: Uint8Array): boolean {
    let off = 0
    while (this.#same && off < piece.byteLength) {
      const part = this.#parts[this.#part]
      if (part == null) { this.#same = false; break }
      const n = Math.min(part.byteLength - this.#at, piece.byteLength - off)
      if (n === 0) { this.#part++; this.#at = 0; continue }
      const a = Buffer.from(part.buffer, part.byteOffset + this.#at, n)
      const b = Buffer.from(piece.buffer, piece.byteOffset + off, n)
      if (!a.equals(b)) this.#same = false
      this.#at += n
      off += n
    }
    return this.#same
  }

  /** True when every byte pushed matched and nothing of the parts is left over */
  end (): boolean {
    while (this.#part < this.#parts.length && this.#at === (this.#parts[this.#part] as Uint8Array).byteLength) { this.#part++; this.#at = 0 }
    return this.#same && this.#part === this.#parts.length
  }
}

/** Whether `parts` hold exactly the bytes of `pieces` (read piece by piece; an async source too) */
export async function sameBytes (parts: ByteParts, pieces: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<boolean> {
  const comparer = new PartsComparer(parts)
  for await (const piece of pieces) if (!comparer.push(piece)) return false
  return comparer.end()
}
