/**
 * What a passage is judged on by the answer step: the stemmed content terms
 * of its title, path words, headings and readable body.
 *
 * @packageDocumentation
 */

import { readableChunkText } from '../indexes/index.js'
import { contentTerms } from './relevance.js'
import { recent } from './recent.js'
import type { Chunk } from '../indexes/index.js'

/** How many passages' term sets {@link passageTerms} remembers (the passages of the last few dozen questions) */
const PASSAGE_TERMS_KEPT = 256
const passageTermsCache = new Map<Chunk, Set<string>>()

/**
 * The stemmed content terms of a passage as it is judged (title, path words,
 * headings, readable body), remembered for the most recently used
 * {@link PASSAGE_TERMS_KEPT} chunks: one question reads the same passages
 * several times, and a conversation or server retrieves them again
 */
export function passageTerms (chunk: Chunk): ReadonlySet<string> {
  return recent(passageTermsCache, chunk, PASSAGE_TERMS_KEPT, () => new Set(contentTerms(passageText(chunk))))
}

/** The text a passage is judged on: title, path words, headings and readable body */
export function passageText (chunk: Chunk): string {
  return [chunk.title, chunk.path.replace(/[/_.#-]+/g, ' '), ...(chunk.headings ?? []), readableChunkText(chunk)].join('\n')
}
