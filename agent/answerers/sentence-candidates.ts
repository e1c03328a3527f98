/**
 * The sentences an extractive answer may quote: every sentence of the best
 * retrieved passages, with what the answer model and the selection need to
 * know of it (its stems, its heading, how its passage reads). Built once per
 * question and shared by answering and by training the answer model, so the
 * two see exactly the same candidates.
 *
 * @packageDocumentation
 */

import { sentenceText } from '../../indexes/index.js'
import { wholeSentences } from '../citations/whole-sentences.js'
import { contentTerms, queryTerms } from '../relevance.js'
import { questionShape } from '../question-kind.js'
import { recent } from '../recent.js'
import type { QuestionShape } from '../question-kind.js'
import type { TermStatistics } from '../answerability.js'
import type { SentenceSpan } from '../citations/split-sentences.js'
import type { Chunk, SearchResult } from '../../indexes/index.js'

/** One sentence of a retrieved passage that an answer may quote */
export interface Candidate {
  /** Index of its passage among the contexts (0 = best retrieved) */
  ctx: number
  /** Index of the sentence inside its passage */
  index: number
  span: SentenceSpan
  /** Readable text (markup removed, wrapped lines joined) */
  text: string
  /** Distinct stemmed content terms of {@link Candidate.text} */
  stems: Set<string>
  /** The nearest heading over the sentence (inside the chunk, else the chunk's last heading or title) */
  heading: string
  /** Stems of {@link Candidate.heading} */
  headingStems: Set<string>
  /** Stems of the chunk's title and headings */
  titleStems: Set<string>
  /** The answer model's probability that this sentence answers the question (0 for a sentence never used) */
  score: number
}

/** A question's candidates and the question analysis they were read with */
export interface CandidateSet {
  question: string
  shape: QuestionShape
  /** Distinct stemmed content terms of the question */
  terms: string[]
  contexts: readonly SearchResult[]
  /** Sentence spans of each context: whole sentences, none cut mid-clause (empty for a passage that addresses instructions to the answerer) */
  spans: SentenceSpan[][]
  candidates: Candidate[]
  /**
   * Weight of a question term: its idf over the index's chunks when the
   * index's statistics are given, else over the candidate sentences
   */
  weight(term: string): number
  /** Sum of {@link CandidateSet.weight} over the question's terms */
  totalWeight: number
  /** Term statistics of the index, when known */
  stats?: TermStatistics
}

/** A passage that addresses instructions to the answerer ("ignore previous instructions…") is untrusted as a whole */
const INJECTION = /\b(ignore|disregard|forget)\b.{0,40}\b(instructions?|prompts?|above|previous|rules)\b|\bsystem prompt\b|\byou are now\b|\b(new|updated) instructions?\s*:/i

/** Build the candidates of a question over its retrieved contexts */
export function sentenceCandidates (question: string, contexts: readonly SearchResult[], stats?: TermStatistics): CandidateSet {
  const shape = questionShape(question)
  const terms = queryTerms(question)
  const readings = contexts.map(r => chunkReading(r.chunk))
  const spans = readings.map(r => r.spans)
  const candidates: Candidate[] = []
  readings.forEach((reading, ctx) => {
    reading.sentences.forEach((sentence, index) => candidates.push({ ctx, index, ...sentence, titleStems: reading.titleStems, score: 0 }))
  })
  const weight = askingFirst(stats !== undefined ? indexWeight(stats) : localWeight(candidates), shape.focus ?? [], terms)
  const totalWeight = terms.reduce((sum, t) => sum + weight(t), 0)
  return { question, shape, terms, contexts, spans, candidates, weight, totalWeight, ...(stats !== undefined ? { stats } : {}) }
}

/** What a chunk's sentences are, whatever the question: read once per chunk (see {@link chunkReading}) */
interface ChunkReading {
  spans: SentenceSpan[]
  sentences: Array<Pick<Candidate, 'span' | 'text' | 'stems' | 'heading' | 'headingStems'>>
  titleStems: Set<string>
}

/** How many chunks' readings {@link chunkReading} remembers */
const READINGS_KEPT = 256
const readings = new Map<Chunk, ChunkReading>()

/**
 * A chunk's whole sentences with their readable text, stems and nearest
 * heading — the same for every question, so remembered for the most recently
 * read {@link READINGS_KEPT} chunks (a conversation or a server retrieves
 * them again). A chunk that addresses instructions to the answerer has none.
 */
function chunkReading (chunk: Chunk): ChunkReading {
  return recent(readings, chunk, READINGS_KEPT, () => {
    // a page of a paged document (OCR) has lines wrapped inside its sentences
    const spans = INJECTION.test(chunk.text) ? [] : wholeSentences(chunk.text, { wrapped: chunk.page !== undefined })
    const sentences = spans.map((span, index) => {
      const text = sentenceText(span.text, chunk.path)
      const heading = nearestHeading(spans, index) || (chunk.headings?.at(-1) ?? chunk.title)
      return { span, text, stems: new Set(contentTerms(text)), heading, headingStems: new Set(contentTerms(heading)) }
    })
    return { spans, sentences, titleStems: new Set(contentTerms([chunk.title, ...(chunk.headings ?? [])].join('\n'))) }
  })
}

/**
 * A question that sets a scene before it asks ("A transaction I sent is
 * stuck in the mempool. How do I replace it?") is answered by what meets its
 * asking sentence: that sentence's terms weigh {@link ASKING_WEIGHT} times
 * their idf, the scene's once (as the local idf counts the asking sentence
 * double). A question that is all one asking sentence is weighed as it is.
 */
function askingFirst (weight: (t: string) => number, focus: readonly string[], terms: readonly string[]): (t: string) => number {
  const asking = new Set(focus)
  if (asking.size === 0 || asking.size >= new Set(terms).size) return weight
  return t => weight(t) * (asking.has(t) ? ASKING_WEIGHT : 1)
}

/** How much more a term of the asking sentence weighs than a term of the scene before it */
const ASKING_WEIGHT = 2

/** idf over the index's chunks: `ln(1 + N / (df + 0.5))` (a term the corpus never uses weighs most) */
function indexWeight (stats: TermStatistics): (t: string) => number {
  return t => Math.log(1 + stats.chunks / (stats.df(t) + 0.5))
}

/** idf over the candidate sentences, when the index's statistics are unknown */
function localWeight (candidates: readonly Candidate[]): (t: string) => number {
  const df = new Map<string, number>()
  for (const c of candidates) for (const t of c.stems) df.set(t, (df.get(t) ?? 0) + 1)
  return t => Math.log(1 + candidates.length / ((df.get(t) ?? 0) + 0.5))
}

/** The text of the last heading before sentence `index` inside the same chunk, or '' */
function nearestHeading (spans: readonly SentenceSpan[], index: number): string {
  for (let i = index - 1; i >= 0; i--) {
    const span = spans[i]
    if (span?.kind === 'heading') return span.text
  }
  return ''
}

/**
 * A quoted sentence as readable answer text: markup removed (link text kept,
 * targets, emphasis, tags and escapes dropped) and line breaks joined, with
 * words hyphenated across OCR line breaks put back together — the one rule
 * `quarry verify` checks a sentence against its quote with
 * ({@link sentenceText}). The quote itself stays the exact source.
 */
export function plainText (source: string, path = 'text.md'): string {
  return sentenceText(source, path)
}
