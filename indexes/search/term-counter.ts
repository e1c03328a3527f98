/**
 * Counts the terms of one document at a time by term number, in typed
 * arrays stamped with the document (no map per document): each term's text
 * and context counts, in the order the terms first occur.
 */
export class TermCounter {
  /** Term number → stamp of the document that last counted it */
  #stamp = new Int32Array(1024)
  /** Term number → its position in {@link terms} */
  #at = new Int32Array(1024)
  #doc = 0
  /** This document's term numbers, in first-occurrence order */
  readonly terms: number[] = []
  /** Text and context count of each of {@link terms}: `counts[2·i]`, `counts[2·i + 1]` */
  readonly counts: number[] = []

  /** Start counting the next document */
  next (): void {
    this.#doc++
    this.terms.length = 0
    this.counts.length = 0
  }

  /** Count one occurrence of `term` in the text (slot 0) or the context (slot 1) */
  bump (term: number, slot: 0 | 1): void {
    if (term >= this.#stamp.length) this.#grow(term + 1)
    let at: number
    if (this.#stamp[term] === this.#doc) {
      at = this.#at[term] as number
    } else {
      at = this.terms.length
      this.#stamp[term] = this.#doc
      this.#at[term] = at
      this.terms.push(term)
      this.counts.push(0, 0)
    }
    this.counts[2 * at + slot] = (this.counts[2 * at + slot] as number) + 1
  }

  #grow (needed: number): void {
    const capacity = Math.max(needed, Math.ceil(this.#stamp.length * 1.5))
    const stamp = new Int32Array(capacity); stamp.set(this.#stamp); this.#stamp = stamp
    const at = new Int32Array(capacity); at.set(this.#at); this.#at = at
  }
}
