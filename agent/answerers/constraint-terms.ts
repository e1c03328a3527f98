/**
 * The constraint terms of a question: what an answer must hold for it to be
 * this question's answer and not a neighbour's — its numbers and years, the
 * words of its quoted strings, its names — less those of a foil
 * (foil-words.ts). Read by the answer model's features and by a partial
 * answer's note.
 *
 * @packageDocumentation
 */

import { contentTerms } from '../relevance.js'
import { foilWords } from './foil-words.js'
import { opensSentence } from './name-runs.js'

/** A quoted string: a quote mark that opens after no letter or digit, one that closes before none (so "the CIA's … station's" quotes nothing) */
const QUOTED = /(?<![\p{L}\p{N}])["“‘']([^"“”‘’']{2,80})["”’'](?![\p{L}\p{N}])/gu

/**
 * The constraint terms of a question (stemmed): numbers and years, the
 * words of quoted strings, and capitalised words or acronyms that do not open
 * a sentence or a parenthesis — what an answer must hold for it to be this question's answer and
 * not a neighbour's ("the closing price of FIL on January 1, 2024"). With
 * `compoundParts`, of a hyphenated word only its capitalised or numbered
 * parts ("Chinese-speaking" names Chinese, "EIP-1559" both), as a partial
 * answer's note names them; the features read whole words (grouped CV with
 * the parts: fewer relevant pages cited, more answerable questions refused)
 */
export function constraintTerms (question: string, options: { compoundParts?: boolean } = {}): string[] {
  const out = new Set<string>()
  for (const m of question.matchAll(QUOTED)) for (const t of contentTerms(m[1] ?? '')) out.add(t)
  const words = question.trim().split(/\s+/)
  const foil = foilWords(words)
  words.forEach((w, i) => {
    if (foil.has(i)) return
    const bare = w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
    if (bare === '') return
    // a capital that opens a sentence or a parenthesis says nothing of a name
    const opens = opensSentence(words, i)
    const parts = options.compoundParts === true ? bare.split(/[-‐‑–]/u).filter(p => p !== '') : []
    for (const part of parts.length > 1 ? parts : [bare]) {
      if (/\d/.test(part) || (!opens && /^\p{Lu}/u.test(part))) for (const t of contentTerms(part)) out.add(t)
    }
  })
  return [...out]
}
