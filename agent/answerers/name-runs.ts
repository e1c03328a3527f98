/**
 * Names as a text writes them: runs of capitalised words ("John McCone",
 * "House Select Committee on Assassinations") and acronyms ("HSCA"), so a
 * partial answer's note does not call a name unstated when the sources write
 * it by its initials or write out what its initials stand for.
 *
 * @packageDocumentation
 */

import { contentTerms } from '../relevance.js'

/** Lower-case words that may join the capitalised words of one name ("Committee on Assassinations", "Bank of America") */
const CONNECTORS = new Set(['of', 'on', 'the', 'for', 'de', 'del', 'la', 'von', 'van'])

/** A word that ends in a full stop without ending a sentence: an initial or a short title ("E.", "Mr.", "Sgt.") */
const ABBREVIATION = /^\p{Lu}\p{Ll}{0,3}\.$/u

/** An acronym: two to eight capitals, nothing else */
const ACRONYM = /^\p{Lu}{2,8}$/u

/** A word less the punctuation around it and a possessive ("McCone's" → McCone, "the CIA's" → CIA) */
export function bareWord (word: string): string {
  return word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').replace(/['’]s$/u, '')
}

/**
 * Whether the `i`th of a text's words opens a sentence or a parenthesis, so
 * that its capital says nothing of a name: the first word, a word after one
 * that ends a sentence (not an initial or a title's abbreviation: "E. Howard
 * Hunt", "Sgt. Nicholas Stevenson"), a word that opens with a bracket or a quote
 */
export function opensSentence (words: readonly string[], i: number): boolean {
  const before = words[i - 1] ?? ''
  return i === 0 || (/[.?!:]["'’”)\]]*$/u.test(before) && !ABBREVIATION.test(before)) || /^[([{"“‘']/u.test(words[i] ?? '')
}

/**
 * The runs of two or more capitalised words in a text (a lower-case connector
 * may join two of them), without a sentence's or parenthesis's opening
 * capital, each as its capitalised words
 */
export function nameRuns (text: string): string[][] {
  const runs: string[][] = []
  let run: string[] = []
  let pending = false
  const end = (): void => {
    if (run.length >= 2) runs.push(run)
    run = []
    pending = false
  }
  const words = text.split(/\s+/).filter(w => w !== '')
  words.forEach((w, i) => {
    const bare = bareWord(w)
    if (bare !== '' && /^\p{Lu}/u.test(bare) && !opensSentence(words, i)) {
      run.push(bare)
      pending = false
    } else if (run.length > 0 && !pending && CONNECTORS.has(bare)) {
      pending = true
      return
    } else {
      end()
      return
    }
    // a name ends where its word's punctuation or a possessive ends it ("… McCone, who", "the Board's May request")
    if ((/[,;:.?!)\]]["'’”]*$/u.test(w) && !ABBREVIATION.test(w)) || /['’]s\W*$/u.test(w)) end()
  })
  end()
  return runs
}

/** The initials of a name's words ("House Select Committee Assassinations" → HSCA) */
function initials (run: readonly string[]): string {
  return run.map(w => w[0] ?? '').join('').toUpperCase()
}

/**
 * The question's constraint terms that belong to a name the sources write
 * another way: a run of capitalised words whose initials the sources write as
 * a word ("House Select Committee on Assassinations" by "HSCA"), an acronym
 * whose name they write out. Not a name one of whose words they hold: "John
 * McCone" by "McCone" is lexically "Toro Brown" by "Brown", the one a
 * changed name, the other a first name the record leaves out.
 */
export function namesStatedOtherwise (question: string, sources: readonly string[], missing: ReadonlySet<string>): Set<string> {
  const out = new Set<string>()
  // only the names and acronyms that hold a missing term are looked for, and the sources read only then
  const runs = nameRuns(question).map(run => ({ run, terms: run.flatMap(w => contentTerms(w)) })).filter(r => r.terms.some(t => missing.has(t)))
  const acronyms = question.split(/\s+/).map(bareWord).filter(w => ACRONYM.test(w)).map(word => ({ word, terms: contentTerms(word) })).filter(a => a.terms.some(t => missing.has(t)))
  if (runs.length > 0) {
    const sourceWords = new Set(sources.flatMap(s => s.split(/\s+/).map(bareWord)).filter(w => ACRONYM.test(w)))
    for (const { run, terms } of runs) if (sourceWords.has(initials(run))) for (const t of terms) out.add(t)
  }
  if (acronyms.length > 0) {
    const sourceInitials = new Set(sources.flatMap(s => nameRuns(s)).map(initials))
    for (const { word, terms } of acronyms) if (sourceInitials.has(word)) for (const t of terms) out.add(t)
  }
  return out
}
