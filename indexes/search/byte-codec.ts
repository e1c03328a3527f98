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
 * Reads what a {@link ByteWriter} wrote, refusing truncated or overlong
 * input with a `RangeError` that says where.
 */
export class ByteReader {
  readonly #data: Uint8Array
  #pos: number

  constructor (data: Uint8Array, start = 0) {
    this.#data = data
    this.#pos = start
  }

  /** Current offset */
  get pos (): number { return this.#pos }
  /** Bytes left to read */
  get left (): number { return this.#data.byteLength - this.#pos }

  /** Read an unsigned LEB128 varint (at most 2^53) */
  varint (): number {
    const data = this.#data
    let b = data[this.#pos++]
    if (b === undefined) throw new RangeError(`truncated at byte ${this.#pos - 1}`)
    if (b < 0x80) return b
    let value = b & 0x7f
    let scale = 0x80
    for (;;) {
      b = data[this.#pos++]
      if (b === undefined) throw new RangeError(`truncated at byte ${this.#pos - 1}`)
      value += (b & 0x7f) * scale
      if (b < 0x80) break
      scale *= 0x80
      if (scale > 2 ** 53) throw new RangeError(`varint too long at byte ${this.#pos - 1}`)
    }
    if (value > Number.MAX_SAFE_INTEGER) throw new RangeError(`varint too large at byte ${this.#pos - 1}`)
    return value
  }

  /** Read a varint no larger than `max`, naming `what` when it is */
  bounded (max: number, what: string): number {
    const v = this.varint()
    if (v > max) throw new RangeError(`${what} ${v} is out of range (at most ${max}) at byte ${this.#pos}`)
    return v
  }

  /** Read `n` raw bytes */
  bytes (n: number): Uint8Array {
    if (n > this.left) throw new RangeError(`truncated: ${n} bytes wanted at byte ${this.#pos}, ${this.left} left`)
    const out = this.#data.subarray(this.#pos, this.#pos + n)
    this.#pos += n
    return out
  }
}
