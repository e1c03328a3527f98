import { asParts, partsLength, partsSlice, type ByteParts } from './byte-parts.js'

/** Bytes per piece a {@link ByteWriter} hands out */
const PIECE = 1 << 20

/**
 * Appends unsigned LEB128 varints and raw bytes into pieces of about 1 MiB,
 * so a large file is written without ever being one buffer or one string.
 */
export class ByteWriter {
  #buf = new Uint8Array(PIECE)
  #pos = 0
  readonly #done: Uint8Array[] = []

  /** Bytes waiting in full pieces and the current one */
  get size (): number { return this.#done.reduce((sum, p) => sum + p.byteLength, 0) + this.#pos }

  /** Append a non-negative integer up to 2^53 as an unsigned LEB128 varint */
  varint (value: number): void {
    if (this.#pos + 8 > this.#buf.byteLength) this.#next()
    let v = value
    while (v >= 0x80) {
      this.#buf[this.#pos++] = (v % 0x80) | 0x80
      v = Math.floor(v / 0x80)
    }
    this.#buf[this.#pos++] = v
  }

  /** Append raw bytes */
  bytes (data: Uint8Array): void {
    let at = 0
    while (at < data.byteLength) {
      if (this.#pos === this.#buf.byteLength) this.#next()
      const n = Math.min(data.byteLength - at, this.#buf.byteLength - this.#pos)
      this.#buf.set(data.subarray(at, at + n), this.#pos)
      this.#pos += n
      at += n
    }
  }

  /** Take everything written so far (the writer keeps going empty) */
  take (): Uint8Array[] {
    if (this.#pos > 0) this.#next()
    return this.#done.splice(0)
  }

  #next (): void {
    this.#done.push(this.#buf.subarray(0, this.#pos))
    this.#buf = new Uint8Array(PIECE)
    this.#pos = 0
  }
}

/**
 * Reads what a {@link ByteWriter} wrote, from one buffer or from a file's
 * parts in order (a varint or a byte run may cross from one part into the
 * next), refusing truncated or overlong input with a `RangeError` that says
 * where.
 */
export class ByteReader {
  readonly #parts: ByteParts
  readonly #total: number
  /** The part being read, its index and the file offset it starts at */
  #data: Uint8Array
  #part = 0
  #base = 0
  #pos: number

  constructor (data: Uint8Array | ByteParts, start = 0) {
    this.#parts = asParts(data)
    this.#total = partsLength(this.#parts)
    this.#data = this.#parts[0] ?? new Uint8Array(0)
    this.#pos = 0
    this.#seek(start)
  }

  /** Current offset in the file */
  get pos (): number { return this.#base + this.#pos }
  /** Bytes left to read */
  get left (): number { return this.#total - this.pos }

  /** Read an unsigned LEB128 varint (at most 2^53) */
  varint (): number {
    let b = this.#data[this.#pos++] ?? this.#nextByte()
    if (b < 0x80) return b
    let value = b & 0x7f
    let scale = 0x80
    for (;;) {
      b = this.#data[this.#pos++] ?? this.#nextByte()
      value += (b & 0x7f) * scale
      if (b < 0x80) break
      scale *= 0x80
      if (scale > 2 ** 53) throw new RangeError(`varint too long at byte ${this.pos - 1}`)
    }
    if (value > Number.MAX_SAFE_INTEGER) throw new RangeError(`varint too large at byte ${this.pos - 1}`)
    return value
  }

  /** Read a varint no larger than `max`, naming `what` when it is */
  bounded (max: number, what: string): number {
    const v = this.varint()
    if (v > max) throw new RangeError(`${what} ${v} is out of range (at most ${max}) at byte ${this.pos}`)
    return v
  }

  /** Read `n` raw bytes (a copy when they cross into the next part) */
  bytes (n: number): Uint8Array {
    if (n > this.left) throw new RangeError(`truncated: ${n} bytes wanted at byte ${this.pos}, ${this.left} left`)
    const start = this.pos
    if (this.#pos + n <= this.#data.byteLength) {
      const out = this.#data.subarray(this.#pos, this.#pos + n)
      this.#pos += n
      return out
    }
    this.#seek(start + n)
    return partsSlice(this.#parts, start, start + n)
  }

  /** The byte at the end of the current part: the first of the next part that has any (the read position is already past it) */
  #nextByte (): number {
    const at = this.#base + this.#pos - 1
    this.#pos--
    while (this.#pos >= this.#data.byteLength && this.#part + 1 < this.#parts.length) {
      this.#base += this.#data.byteLength
      this.#data = this.#parts[++this.#part] as Uint8Array
      this.#pos = 0
    }
    const b = this.#data[this.#pos++]
    if (b === undefined) throw new RangeError(`truncated at byte ${at}`)
    return b
  }

  #seek (offset: number): void {
    while (offset - this.#base > this.#data.byteLength && this.#part + 1 < this.#parts.length) {
      this.#base += this.#data.byteLength
      this.#data = this.#parts[++this.#part] as Uint8Array
    }
    this.#pos = offset - this.#base
  }
}
