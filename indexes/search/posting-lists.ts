/** A column of term counts: 16-bit until a count needs more */
export type Counts = Uint16Array | Uint32Array

/** The frozen form of {@link PostingLists}: term `t`'s postings are `start[t]` to `start[t + 1]` */
export interface FrozenPostings {
  start: Uint32Array
  /** Document numbers, strictly increasing within a term */
  doc: Uint32Array
  /** Text and context term frequencies */
  tf: Counts
  ctf: Counts
}

function widen (counts: Counts, capacity: number): Uint32Array {
  const out = new Uint32Array(capacity)
  out.set(counts.subarray(0, Math.min(counts.length, capacity)))
  return out
}

/**
 * The postings of numbered terms in typed arrays: appended document by
 * document (documents in increasing number), then frozen by a stable
 * counting sort into one contiguous list per term. Appending after freezing
 * thaws the lists first (the sort keeps them in document order).
 */
export class PostingLists {
  #term: Uint32Array | undefined = new Uint32Array(1024)
  #doc: Uint32Array = new Uint32Array(1024)
  #tf: Counts = new Uint16Array(1024)
  #ctf: Counts = new Uint16Array(1024)
  #length = 0
  #frozen: FrozenPostings | undefined

  /** Lists already frozen (e.g. decoded from a file) */
  static fromFrozen (frozen: FrozenPostings): PostingLists {
    const lists = new PostingLists()
    lists.#term = undefined
    lists.#doc = frozen.doc
    lists.#tf = frozen.tf
    lists.#ctf = frozen.ctf
    lists.#length = frozen.doc.length
    lists.#frozen = frozen
    return lists
  }

  /** Number of postings */
  get length (): number { return this.#length }

  /** Append one posting */
  push (term: number, doc: number, tf: number, ctf: number): void {
    if (this.#term === undefined) this.#thaw()
    if (this.#length === this.#doc.length) this.#grow(Math.max(1024, Math.ceil(this.#length * 1.5)))
    const i = this.#length++
    if (tf > 0xffff && this.#tf instanceof Uint16Array) this.#tf = widen(this.#tf, this.#doc.length)
    if (ctf > 0xffff && this.#ctf instanceof Uint16Array) this.#ctf = widen(this.#ctf, this.#doc.length)
    ;(this.#term as Uint32Array)[i] = term
    this.#doc[i] = doc
    this.#tf[i] = tf
    this.#ctf[i] = ctf
  }

  /** Sort the postings into one list per term (`terms`: how many term numbers there are) */
  freeze (terms: number): FrozenPostings {
    if (this.#frozen !== undefined && this.#frozen.start.length === terms + 1) return this.#frozen
    if (this.#term === undefined) this.#thaw()
    const term = this.#term as Uint32Array
    const n = this.#length
    const start = new Uint32Array(terms + 1)
    for (let i = 0; i < n; i++) start[(term[i] as number) + 1] = (start[(term[i] as number) + 1] as number) + 1
    for (let t = 0; t < terms; t++) start[t + 1] = (start[t + 1] as number) + (start[t] as number)
    const next = start.slice(0, terms)
    const doc = new Uint32Array(n)
    const tf: Counts = this.#tf instanceof Uint16Array ? new Uint16Array(n) : new Uint32Array(n)
    const ctf: Counts = this.#ctf instanceof Uint16Array ? new Uint16Array(n) : new Uint32Array(n)
    for (let i = 0; i < n; i++) {
      const j = next[term[i] as number] as number
      next[term[i] as number] = j + 1
      doc[j] = this.#doc[i] as number
      tf[j] = this.#tf[i] as number
      ctf[j] = this.#ctf[i] as number
    }
    this.#term = undefined
    this.#doc = doc
    this.#tf = tf
    this.#ctf = ctf
    this.#frozen = { start, doc, tf, ctf }
    return this.#frozen
  }

  /** Back to an appendable log, in term order */
  #thaw (): void {
    const frozen = this.#frozen as FrozenPostings
    const term = new Uint32Array(this.#length)
    for (let t = 0; t + 1 < frozen.start.length; t++) term.fill(t, frozen.start[t], frozen.start[t + 1])
    this.#term = term
    this.#frozen = undefined
  }

  #grow (capacity: number): void {
    const term = new Uint32Array(capacity); term.set(this.#term as Uint32Array); this.#term = term
    const doc = new Uint32Array(capacity); doc.set(this.#doc); this.#doc = doc
    this.#tf = this.#tf instanceof Uint16Array ? copy16(this.#tf, capacity) : widen(this.#tf, capacity)
    this.#ctf = this.#ctf instanceof Uint16Array ? copy16(this.#ctf, capacity) : widen(this.#ctf, capacity)
  }
}

function copy16 (counts: Uint16Array, capacity: number): Uint16Array {
  const out = new Uint16Array(capacity)
  out.set(counts)
  return out
}
