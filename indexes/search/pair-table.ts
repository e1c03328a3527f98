/**
 * Numbers pairs of adjacent terms: `(a, b)` (two word numbers) → a dense pair
 * number, in the order pairs are first seen. An open-addressing hash table in
 * typed arrays: tens of millions of pairs cost 12–24 bytes each, where a
 * `Map` of strings would cost hundreds and stop at 2^24 entries.
 */
export class PairTable {
  /** Slot → a + 1 (0: empty), b, pair number */
  #a: Uint32Array
  #b: Uint32Array
  #id: Uint32Array
  /** Pair number → a, b */
  #firstOf: Uint32Array
  #secondOf: Uint32Array
  #size = 0

  /** A table with room for `expected` pairs before it grows */
  constructor (expected = 0) {
    let slots = 1024
    while (slots * 3 < expected * 4 + 4) slots *= 2
    this.#a = new Uint32Array(slots)
    this.#b = new Uint32Array(slots)
    this.#id = new Uint32Array(slots)
    this.#firstOf = new Uint32Array(Math.max(256, expected))
    this.#secondOf = new Uint32Array(Math.max(256, expected))
  }

  /** Number of pairs */
  get size (): number { return this.#size }

  /** First word of pair `id` */
  first (id: number): number { return this.#firstOf[id] as number }
  /** Second word of pair `id` */
  second (id: number): number { return this.#secondOf[id] as number }

  /** The number of pair `(a, b)`, or -1 */
  get (a: number, b: number): number {
    const mask = this.#a.length - 1
    for (let s = slot(a, b, mask); ; s = (s + 1) & mask) {
      const x = this.#a[s] as number
      if (x === 0) return -1
      if (x === a + 1 && this.#b[s] === b) return this.#id[s] as number
    }
  }

  /** The number of pair `(a, b)`, numbering it when new */
  add (a: number, b: number): number {
    const mask = this.#a.length - 1
    for (let s = slot(a, b, mask); ; s = (s + 1) & mask) {
      const x = this.#a[s] as number
      if (x === a + 1 && this.#b[s] === b) return this.#id[s] as number
      if (x === 0) {
        const id = this.#size++
        this.#a[s] = a + 1
        this.#b[s] = b
        this.#id[s] = id
        if (id >= this.#firstOf.length) this.#growList()
        this.#firstOf[id] = a
        this.#secondOf[id] = b
        if (this.#size * 4 > this.#a.length * 3) this.#rehash()
        return id
      }
    }
  }

  #growList (): void {
    const n = Math.ceil(this.#firstOf.length * 1.5)
    const first = new Uint32Array(n); first.set(this.#firstOf); this.#firstOf = first
    const second = new Uint32Array(n); second.set(this.#secondOf); this.#secondOf = second
  }

  #rehash (): void {
    const capacity = this.#a.length * 2
    if (capacity > 2 ** 31) throw new RangeError('Too many distinct term pairs')
    this.#a = new Uint32Array(capacity)
    this.#b = new Uint32Array(capacity)
    this.#id = new Uint32Array(capacity)
    const mask = capacity - 1
    for (let id = 0; id < this.#size; id++) {
      const a = this.#firstOf[id] as number
      const b = this.#secondOf[id] as number
      let s = slot(a, b, mask)
      while (this.#a[s] !== 0) s = (s + 1) & mask
      this.#a[s] = a + 1
      this.#b[s] = b
      this.#id[s] = id
    }
  }
}

function slot (a: number, b: number, mask: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b)
  h ^= h >>> 15
  h = Math.imul(h, 0x2c1b3c6d)
  h ^= h >>> 13
  return h & mask
}
