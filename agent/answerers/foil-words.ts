/**
 * The foil of a question: what it sets its subject against ("unlike
 * Bitcoin's proof-of-work", "rather than Ethereum", "instead of Forest on
 * Calibration"). A foil names what the answer need not hold, so its names are
 * no constraints (sentence-features.ts).
 *
 * @packageDocumentation
 */

/** A word that sets what follows against the question's subject, with the little word it needs ("rather than", "instead of", "as opposed to", "compared to/with"), or none ("unlike", "versus") */
const FOIL_START: ReadonlyMap<string, RegExp | undefined> = new Map([
  ['unlike', undefined], ['versus', undefined], ['vs', undefined],
  ['rather', /^than$/i], ['instead', /^of$/i], ['opposed', /^to$/i], ['compared', /^(to|with)$/i]
])
/** A word that ends the foil's noun phrase: a preposition or conjunction that opens what the question goes on to say */
const FOIL_END = /^(on|in|at|for|with|from|by|to|when|while|and|or|but|that|which|during|after|before|if|so)$/i
/** Punctuation that ends a clause, at a word's end */
const CLAUSE_END = /[,;:?!.)]$/

/**
 * Indexes of the words (a question split on whitespace) that make up a foil:
 * the noun phrase after a contrast word, up to a preposition, a conjunction
 * or the clause's punctuation
 */
export function foilWords (words: readonly string[]): Set<number> {
  const out = new Set<number>()
  const bare = (at: number): string => (words[at] ?? '').replace(/[^\p{L}]/gu, '')
  for (let i = 0; i < words.length; i++) {
    const word = bare(i).toLowerCase()
    if (!FOIL_START.has(word)) continue
    const link = FOIL_START.get(word)
    if (link !== undefined && !link.test(bare(i + 1))) continue
    const start = link === undefined ? i + 1 : i + 2
    for (let j = start; j < words.length && !(j > start && FOIL_END.test(bare(j))); j++) {
      out.add(j)
      if (CLAUSE_END.test(words[j] ?? '')) break
    }
  }
  return out
}
