/**
 * The draft answer every answerer produces (extractive, LLM, agent) before it
 * becomes an {@link AnswerRecord}, and the small constructors they share:
 * citations from a quoted span, abstentions with closest sources, and the
 * rendering of sentences into answer text with `[n]` markers.
 *
 * @packageDocumentation
 */

import { wholeSentences } from './citations/whole-sentences.js'
import type { AbstentionReason, AnswerRecord, AnswerSentence, AskedFor, Citation } from './answer-record.js'
import type { SearchResult } from '../indexes/index.js'

/** The part of an {@link AnswerRecord} that an answerer produces */
export interface Draft {
  /** Answer text with `[n]` markers; {@link NOT_FOUND_ANSWER} when abstaining */
  answer: string
  /** Answer sentences and the citation numbers supporting each */
  sentences: AnswerSentence[]
  /** Citations, numbered densely from 1 in order of first use */
  citations: Citation[]
  /** Sentences removed by the citation check, with the reason */
  rejected: Array<{ text: string, reason: string }>
  /** True when the answerer declined to answer */
  abstained: boolean
  /** Why it declined */
  abstainedBecause?: AbstentionReason
  /** When abstaining: the best retrieved passages, as pointers rather than claims */
  closestSources?: Citation[]
  /** LLM id, `none` for the extractive answerer */
  llm: string
  /** The answer model's answerability score: the probability (0–1) that the retrieved passages answer the question */
  answerability?: number
  /** The answer model that scored the sentences (`id@vN`) */
  answerModel?: string
  /** A partial answer: the question's constraints (its own words) that no quoted sentence states */
  unstated?: string[]
  /** A partial answer: what the question asks for (a figure, a date) that no quoted sentence gives */
  unstatedAsked?: AskedFor
}

/** The answer text of an abstention */
export const NOT_FOUND_ANSWER = 'Not found in this corpus.'

/** How many closest sources an abstention lists */
export const CLOSEST_SOURCES_COUNT = 3

/** UTF-8 byte length of a string */
export function utf8Length (text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/**
 * A citation of `chunk.text.slice(start, end)` (character offsets) in a
 * retrieved chunk, with the quote's UTF-8 byte offsets inside the document.
 */
export function citeSpan (result: SearchResult, n: number, start: number, end: number): Citation {
  const { chunk } = result
  const quote = chunk.text.slice(start, end)
  const byteStart = chunk.byteStart + utf8Length(chunk.text.slice(0, start))
  const citation: Citation = {
    n,
    chunkCid: chunk.chunkCid.toString(),
    docCid: chunk.docCid.toString(),
    path: chunk.path,
    title: chunk.title,
    quote,
    byteStart,
    byteEnd: byteStart + utf8Length(quote),
    chunkByteStart: chunk.byteStart,
    chunkByteEnd: chunk.byteEnd
  }
  if (chunk.headings !== undefined) citation.headings = [...chunk.headings]
  if (chunk.page !== undefined) citation.page = chunk.page
  return citation
}

/**
 * The closest sources of an abstention: the first {@link CLOSEST_SOURCES_COUNT}
 * results, each quoting its first prose sentence of at least four words (or
 * its first sentence of any kind, or its whole text); whole sentences, read
 * across the line wraps of a page of OCR text. (The extractive answerer
 * quotes instead the sentences its model scored best.)
 */
export function closestSources (results: readonly SearchResult[], count = CLOSEST_SOURCES_COUNT): Citation[] {
  return results.slice(0, count).map((result, i) => {
    const spans = wholeSentences(result.chunk.text, { wrapped: result.chunk.page !== undefined })
    const span = spans.find(s => (s.kind === 'prose' || s.kind === 'list') && s.text.split(/\s+/).length >= 4) ??
      spans.find(s => s.kind !== 'frontmatter') ?? spans[0]
    return span === undefined
      ? citeSpan(result, i + 1, 0, result.chunk.text.length)
      : citeSpan(result, i + 1, span.start, span.end)
  })
}

/** A draft that declines to answer for `reason`, listing the closest retrieved sources (`closest`, else {@link closestSources}) */
export function abstention (results: readonly SearchResult[], llm: string, reason: AbstentionReason, rejected: Draft['rejected'] = [], closest?: Citation[]): Draft {
  return {
    answer: NOT_FOUND_ANSWER,
    sentences: [],
    citations: [],
    rejected: [...rejected],
    abstained: true,
    abstainedBecause: results.length === 0 ? 'nothing-retrieved' : reason,
    closestSources: closest ?? closestSources(results),
    llm
  }
}

/** Answer text: each sentence followed by its markers (`text [1][2]`), joined by spaces */
export function renderAnswer (sentences: readonly AnswerSentence[]): string {
  return sentences
    .map(s => s.citations.length === 0 ? s.text : `${s.text} ${s.citations.map(n => `[${n}]`).join('')}`)
    .join(' ')
}
