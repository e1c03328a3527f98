import type { PostingsContents } from './bm25-postings.js'
import { PairTable } from './pair-table.js'
import { PostingLists } from './posting-lists.js'

/** The JSON of lexical index format 3 (Quarry before format 4), as far as it is read */
interface Format3 {
  params: Record<string, unknown>
  postings: {
    ids: number[]
    lengths: number[]
    contextLengths: number[]
    /** Term (a word, or a pair `a b`) → [chunk ids as gaps, text counts, context counts] */
    terms: Record<string, [number[], number[], number[]]>
  }
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0

/**
 * Convert a parsed format 3 lexical index (one JSON document, written by
 * Quarry before format 4) into postings contents, checking it on the way.
 *
 * @throws {TypeError} naming what is malformed
 */
export function fromFormat3 (parsed: Partial<Format3>): { params: Record<string, unknown>, contents: PostingsContents } {
  const { params, postings } = parsed
  if (typeof params !== 'object' || params == null || typeof postings !== 'object' || postings == null) throw new TypeError('params and postings must be objects')
  const { ids, lengths, contextLengths, terms } = postings
  if (!Array.isArray(ids) || !Array.isArray(lengths) || !Array.isArray(contextLengths) || ids.length !== lengths.length ||
    ids.length !== contextLengths.length || typeof terms !== 'object' || terms == null) {
    throw new TypeError('postings: ids, lengths and contextLengths must be arrays of one length, terms an object')
  }
  if (!ids.every(id => typeof id === 'number' && Number.isFinite(id)) || !lengths.every(isCount) || !contextLengths.every(isCount)) {
    throw new TypeError('postings: ids must be numbers, lengths counts')
  }
  const docOf = new Map(ids.map((id, d) => [id, d]))
  const entries = Object.entries(terms)
  const words = entries.map(([term]) => term).filter(term => !term.includes(' '))
  const wordOf = new Map(words.map((w, i) => [w, i]))
  const pairs = new PairTable()
  const wordLists = new PostingLists()
  const pairLists = new PostingLists()
  for (const [term, entry] of entries) {
    const [gaps, tf, ctf] = Array.isArray(entry) ? entry : []
    if (!Array.isArray(gaps) || !Array.isArray(tf) || !Array.isArray(ctf) || gaps.length !== tf.length || tf.length !== ctf.length ||
      !tf.every(isCount) || !ctf.every(isCount) || gaps.length === 0) {
      throw new TypeError(`postings of term ${JSON.stringify(term)} are malformed`)
    }
    let number = wordOf.get(term) ?? -1
    let lists = wordLists
    if (number < 0) {
      const [a, b, ...rest] = term.split(' ').map(w => wordOf.get(w))
      if (a === undefined || b === undefined || rest.length > 0) throw new TypeError(`pair ${JSON.stringify(term)} is not two indexed words`)
      number = pairs.add(a, b)
      lists = pairLists
    }
    let id = 0
    let prev = -1
    gaps.forEach((gap, i) => {
      id = i === 0 ? gap : id + gap
      const d = docOf.get(id)
      if (d === undefined || d <= prev) throw new TypeError(`postings of term ${JSON.stringify(term)} list an unknown chunk or one twice`)
      lists.push(number, d, tf[i] as number, ctf[i] as number)
      prev = d
    })
  }
  return {
    params,
    contents: {
      ids,
      lengths,
      contextLengths,
      words,
      pairs,
      wordPostings: wordLists.freeze(words.length),
      pairPostings: pairLists.freeze(pairs.size)
    }
  }
}
