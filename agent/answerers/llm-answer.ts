import { buildPrompt } from './build-prompt.js'
import { NOT_RETRIEVED, QUOTE_NOT_FOUND, checkCitations } from '../citations/check-citations.js'
import { abstention, citeSpan, renderAnswer } from '../draft.js'
import { parseCitations } from '../citations/parse-citations.js'
import { contentTerms, words } from '../relevance.js'
import { splitSentences } from '../citations/split-sentences.js'
import type { AnswerSentence, Citation } from '../answer-record.js'
import type { Draft } from '../draft.js'
import type { ChatModel, ChatOptions } from '../llm/chat-model.js'
import type { SearchResult } from '../../indexes/index.js'

/** Options for {@link llmAnswer} */
export interface LlmAnswerOptions {
  signal?: AbortSignal
  /** Receives the reply's text as it is generated */
  onToken?: (token: string) => void
  /**
   * Sampling temperature
   *
   * @default 0
   */
  temperature?: number
  /** Longest reply, in tokens (the model's own default when not set) */
  maxTokens?: number
  /**
   * Longest passage text shown to the model, in characters
   *
   * @default 2000
   */
  maxPassageChars?: number
}

/**
 * Share of an answer sentence's content terms that a cited passage must
 * contain for the citation to count as support.
 */
export const MIN_CITATION_SUPPORT = 0.3

/** A direct quotation in an answer sentence, at least this long, must appear verbatim in the cited passage */
const MIN_QUOTATION_CHARS = 12

/**
 * Answer with a language model. The model sees the question and the
 * numbered passages ({@link buildPrompt}); its reply is parsed into sentences
 * with `[n]` markers ({@link parseCitations}); marker n maps to `results[n-1]`
 * and the citation quotes the sentence of that chunk most similar to the
 * answer sentence, an exact substring of the chunk.
 *
 * Sentences are rejected when a marker names a passage that does not exist
 * ({@link NOT_RETRIEVED}: a fabricated source is never remapped onto a real
 * one), or when no cited passage supports them ({@link QUOTE_NOT_FOUND}): a
 * direct quotation that is not in the passage, a number the passages do not
 * contain, or fewer than {@link MIN_CITATION_SUPPORT} of the sentence's terms.
 * `NOT_FOUND`, an empty reply or one whose sentences all fail becomes an
 * abstention. {@link checkCitations} runs last, as in every mode.
 */
export async function llmAnswer (question: string, results: readonly SearchResult[], llm: ChatModel, options: LlmAnswerOptions = {}): Promise<Draft> {
  if (results.length === 0) return abstention(results, llm.id, 'nothing-retrieved')
  const prompt = buildPrompt(question, results, options.maxPassageChars === undefined ? {} : { maxPassageChars: options.maxPassageChars })
  const chatOptions: ChatOptions = { temperature: options.temperature ?? 0 }
  if (options.signal !== undefined) chatOptions.signal = options.signal
  if (options.onToken !== undefined) chatOptions.onToken = options.onToken
  if (options.maxTokens !== undefined) chatOptions.maxTokens = options.maxTokens
  const reply = await llm.chat([{ role: 'system', content: prompt.system }, { role: 'user', content: prompt.user }], chatOptions)

  const parsed = parseCitations(reply)
  if (parsed.notFound || parsed.sentences.length === 0) return checkCitations(abstention(results, llm.id, 'model-declined'), results)

  const rejected: Draft['rejected'] = []
  const sentences: AnswerSentence[] = []
  const citations: Citation[] = []
  const byKey = new Map<string, number>()
  for (const sentence of parsed.sentences) {
    if (sentence.markers.some(n => n < 1 || n > results.length)) {
      rejected.push({ text: sentence.text, reason: NOT_RETRIEVED })
      continue
    }
    if (sentence.markers.length === 0) {
      sentences.push({ text: sentence.text, citations: [] })
      continue
    }
    const cited = sentence.markers.flatMap(n => results[n - 1] ?? [])
    const numbers: number[] = []
    for (const result of cited) {
      const span = supportingSpan(sentence.text, result, cited)
      if (span === undefined) continue
      const key = `${result.chunk.chunkCid.toString()}:${result.chunk.docCid.toString()}:${span.start}:${span.end}`
      let n = byKey.get(key)
      if (n === undefined) {
        n = citations.length + 1
        byKey.set(key, n)
        citations.push(citeSpan(result, n, span.start, span.end))
      }
      if (!numbers.includes(n)) numbers.push(n)
    }
    if (numbers.length === 0) rejected.push({ text: sentence.text, reason: QUOTE_NOT_FOUND })
    else sentences.push({ text: sentence.text, citations: numbers })
  }
  const draft: Draft = { answer: renderAnswer(sentences), sentences, citations, rejected, abstained: false, llm: llm.id }
  return checkCitations(draft, results)
}

/**
 * The span of `result`'s chunk that supports `sentence`, or `undefined` when
 * the chunk does not support it. A direct quotation must be found verbatim;
 * numbers must occur in one of the `cited` chunks; otherwise the chunk
 * sentence sharing the most terms is chosen, if the chunk shares enough.
 */
function supportingSpan (sentence: string, result: SearchResult, cited: readonly SearchResult[]): { start: number, end: number } | undefined {
  const text = result.chunk.text
  for (const m of sentence.matchAll(/["“]([^"”]+)["”]/g)) {
    const quotation = (m[1] ?? '').trim()
    if (quotation.length < MIN_QUOTATION_CHARS) continue
    const at = text.indexOf(quotation)
    return at === -1 ? undefined : { start: at, end: at + quotation.length }
  }

  const citedWords = new Set(cited.flatMap(r => words(r.chunk.text)))
  if (words(sentence).some(w => /^\d+$/.test(w) && !citedWords.has(w))) return undefined

  const terms = [...new Set(contentTerms(sentence))]
  if (terms.length === 0) return undefined
  const chunkTerms = new Set(contentTerms([result.chunk.title, ...(result.chunk.headings ?? []), text].join('\n')))
  if (terms.filter(t => chunkTerms.has(t)).length / terms.length < MIN_CITATION_SUPPORT) return undefined

  let best: { start: number, end: number, score: number } | undefined
  for (const span of splitSentences(text)) {
    if (span.kind === 'frontmatter') continue
    const spanTerms = new Set(contentTerms(span.text))
    let shared = 0
    for (const t of terms) if (spanTerms.has(t)) shared++
    const prose = span.kind === 'prose' || span.kind === 'list' ? 0.01 : 0
    const score = shared / terms.length + shared / Math.max(1, spanTerms.size) * 0.1 + prose
    if (best === undefined || score > best.score) best = { start: span.start, end: span.end, score }
  }
  return best === undefined ? undefined : { start: best.start, end: best.end }
}
