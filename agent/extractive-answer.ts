import { abstention, citeSpan, renderAnswer } from './draft.js'
import { contentTerms, isRelevant, queryTerms, termOverlap } from './relevance.js'
import { splitSentences } from './split-sentences.js'
import type { AnswerSentence, Citation } from './answer-record.js'
import type { Draft } from './draft.js'
import type { SentenceSpan } from './split-sentences.js'
import type { SearchResult } from '../indexes/chunk.js'

/** Options for {@link extractiveAnswer} */
export interface ExtractiveAnswerOptions {
  /**
   * Most sentences in the answer (context sentences added for a fragment count)
   *
   * @default 3
   */
  maxSentences?: number
  /**
   * How many of the best results are read
   *
   * @default 5
   */
  maxContexts?: number
}

/** Bonus for a sentence from the first result, shrinking as 1/rank */
const RANK_BONUS = 0.1
/** Bonus times the fraction of query terms found in the sentence's title and headings */
const HEADING_BONUS = 0.15
/** Bonus for a definition ("X is …") when the question asks what something is */
const DEFINITION_BONUS = 0.25
/** Multiplier for sentences of fewer than {@link SHORT_WORDS} words */
const SHORT_PENALTY = 0.5
const SHORT_WORDS = 6
/** Multiplier for sentences of more than {@link LONG_WORDS} words */
const LONG_PENALTY = 0.8
const LONG_WORDS = 60
/** Multiplier for a lead-in that ends with a colon */
const LEAD_IN_PENALTY = 0.7
/** Multiplier for a sentence that is itself a question */
const QUESTION_PENALTY = 0.3
/** Multiplier for a sentence that is mostly inline code */
const CODE_PENALTY = 0.5
/** Multiplier for list items (prose is preferred, all else equal) */
const LIST_PENALTY = 0.9
/** A sentence below this score is never used */
const MIN_SENTENCE_SCORE = 0.2
/** Sentences after the first must score at least this fraction of the best */
const RELATIVE_CUTOFF = 0.5
/** Stem-set Jaccard similarity at which a sentence repeats one already chosen */
const REDUNDANT_JACCARD = 0.6

const ANSWERABLE_KINDS = new Set<SentenceSpan['kind']>(['prose', 'list'])
const DEFINITION_QUESTION = /^\s*(what|who)(\s+(is|are|was|were)\b|'s\b)|^\s*(define|definition)\b/i
const DEFINITION_VERB = /\b(is|are|refers? to|means|describes|consists? of)\b/i
const LOWERCASE_START = /^\p{Ll}/u
const ANAPHOR_START = /^(this|that|these|those|it|its|they|their|them|such|the latter|the former|however|but|also|as before|as such|in addition|therefore|thus|otherwise|then|here)\b/i
const INJECTION = /\b(ignore|disregard|forget)\b.{0,40}\b(instructions?|prompts?|above|previous|rules)\b|\bsystem prompt\b|\byou are now\b|\bas an ai\b|\b(answer|reply|respond|say)\s+(only\s+|with\s+)?["'“‘]/i

interface Candidate {
  ctx: number
  index: number
  span: SentenceSpan
  stems: Set<string>
  score: number
}

/**
 * Answer by quoting: score every sentence of the best retrieved chunks
 * against the question and return the best one to `maxSentences`
 * non-redundant ones, each ending with its `[n]` marker and each citation
 * quoting the sentence exactly as it appears in the chunk.
 *
 * A sentence scores the IDF-weighted share of the question's stemmed terms it
 * contains (IDF over the retrieved sentences), plus bonuses for a high-ranked
 * chunk, a heading that matches the question and a definition when the
 * question asks "what is"; short sentences, lead-ins, questions and code are
 * penalised, and headings, code blocks, tables, tags, link-only lines and
 * text addressed to an AI are never used. A sentence that leans on the one
 * before it ("This component …") brings that one along. Abstains, with the
 * closest sources, when {@link isRelevant} says nothing retrieved is about
 * the question or no sentence scores high enough.
 */
export function extractiveAnswer (question: string, results: readonly SearchResult[], options: ExtractiveAnswerOptions = {}): Draft {
  const maxSentences = Math.max(1, options.maxSentences ?? 3)
  const contexts = results.slice(0, Math.max(1, options.maxContexts ?? 5))
  if (contexts.length === 0 || !isRelevant(question, results)) return abstention(results, 'none')

  const terms = queryTerms(question)
  const spans = contexts.map(r => splitSentences(r.chunk.text))
  const candidates: Candidate[] = spans.flatMap((list, ctx) => list.map((span, index) => ({ ctx, index, span, stems: new Set(contentTerms(plainText(span.text))), score: 0 })))
  const df = new Map<string, number>()
  for (const c of candidates) for (const t of c.stems) df.set(t, (df.get(t) ?? 0) + 1)
  const idf = (t: string): number => Math.log(1 + candidates.length / (df.get(t) ?? 0.5))
  const totalIdf = terms.reduce((sum, t) => sum + idf(t), 0)
  const definitional = DEFINITION_QUESTION.test(question)

  for (const c of candidates) {
    const result = contexts[c.ctx]
    if (result === undefined) continue
    const headingText = [result.chunk.title, ...(result.chunk.headings ?? []), nearestHeading(spans[c.ctx] ?? [], c.index)].join(' ')
    c.score = scoreSentence(c, terms, totalIdf, idf, headingText, definitional)
  }

  const ranked = candidates.filter(c => c.score >= MIN_SENTENCE_SCORE).sort((a, b) => b.score - a.score || a.ctx - b.ctx || a.index - b.index)
  const best = ranked[0]
  if (best === undefined) return abstention(results, 'none')

  const chosen: Candidate[] = []
  const at = (ctx: number, index: number): Candidate | undefined => candidates.find(c => c.ctx === ctx && c.index === index)
  for (const c of ranked) {
    if (chosen.length >= maxSentences || c.score < best.score * RELATIVE_CUTOFF) break
    if (chosen.includes(c) || chosen.some(o => jaccard(o.stems, c.stems) >= REDUNDANT_JACCARD)) continue
    const group = [c]
    const prev = at(c.ctx, c.index - 1)
    if (isFragment(c) && prev !== undefined && isUsable(prev) && !chosen.includes(prev)) group.unshift(prev)
    // a lead-in ("… four phases:") brings the items that follow it, as many as fit
    for (let i = c.index + 1; c.span.text.endsWith(':') && chosen.length + group.length < maxSentences; i++) {
      const next = at(c.ctx, i)
      if (next === undefined || !isUsable(next) || chosen.includes(next)) break
      group.push(next)
    }
    if (chosen.length + group.length > maxSentences) {
      if (chosen.length > 0) continue
      group.splice(0, group.length, c)
    }
    chosen.push(...group)
  }

  const groupOrder = [...new Set(chosen.map(c => c.ctx))]
  chosen.sort((a, b) => groupOrder.indexOf(a.ctx) - groupOrder.indexOf(b.ctx) || a.index - b.index)
  const citations: Citation[] = []
  const sentences: AnswerSentence[] = []
  for (const c of chosen) {
    const result = contexts[c.ctx]
    if (result === undefined) continue
    const n = citations.length + 1
    citations.push(citeSpan(result, n, c.span.start, c.span.end))
    sentences.push({ text: plainText(c.span.text), citations: [n] })
  }
  return { answer: renderAnswer(sentences), sentences, citations, rejected: [], abstained: false, llm: 'none' }
}

/** Score one candidate sentence (0 when it must never be used) */
function scoreSentence (c: Candidate, terms: readonly string[], totalIdf: number, idf: (t: string) => number, headingText: string, definitional: boolean): number {
  if (!isUsable(c)) return 0
  const text = plainText(c.span.text)
  const wordCount = text.split(/\s+/).length
  let coverage = 0
  for (const t of terms) if (c.stems.has(t)) coverage += idf(t)
  if (terms.length > 0 && coverage === 0) return 0
  let score = totalIdf > 0 ? coverage / totalIdf : 0
  score += RANK_BONUS / (c.ctx + 1)
  score += HEADING_BONUS * termOverlap(terms, headingText)
  if (definitional && isDefinition(text, terms)) score += DEFINITION_BONUS
  if (wordCount < SHORT_WORDS) score *= SHORT_PENALTY
  if (wordCount > LONG_WORDS) score *= LONG_PENALTY
  if (text.endsWith(':')) score *= LEAD_IN_PENALTY
  if (text.endsWith('?')) score *= QUESTION_PENALTY
  if ((c.span.text.match(/`[^`]*`/g) ?? []).join('').length > c.span.text.length / 2) score *= CODE_PENALTY
  if (c.span.kind === 'list') score *= LIST_PENALTY
  return score
}

/** Whether a sentence leans on the one before it ("This component …", or starts in lower case) */
function isFragment (c: Candidate): boolean {
  const text = plainText(c.span.text)
  return LOWERCASE_START.test(text) || ANAPHOR_START.test(text)
}

/** Whether a sentence may appear in an answer at all */
function isUsable (c: Candidate): boolean {
  if (!ANSWERABLE_KINDS.has(c.span.kind) || INJECTION.test(c.span.text)) return false
  // link-only lines: drop links and URLs entirely and see what is left
  const bare = c.span.text.replace(/!?\[[^\]]*\]\([^)]*\)/g, ' ').replace(/\b(https?|ipfs):\/\/\S+/g, ' ')
  return (bare.match(/[\p{L}\p{N}]+/gu) ?? []).length >= 3
}

/** Whether a sentence defines one of the query terms ("A storage deal is …") */
function isDefinition (text: string, terms: readonly string[]): boolean {
  const verb = DEFINITION_VERB.exec(text)
  if (verb === null || verb.index > 80) return false
  const subject = new Set(contentTerms(text.slice(0, verb.index)))
  return terms.some(t => subject.has(t))
}

/** The text of the last heading before sentence `index` inside the same chunk, or '' */
function nearestHeading (spans: readonly SentenceSpan[], index: number): string {
  for (let i = index - 1; i >= 0; i--) {
    const span = spans[i]
    if (span?.kind === 'heading') return span.text
  }
  return ''
}

function jaccard (a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let inter = 0
  for (const t of a) if (b.has(t)) inter++
  const union = a.size + b.size - inter
  return union === 0 ? 1 : inter / union
}

/** Markdown sentence as readable answer text: link text kept, targets, emphasis markers, escapes and line breaks removed */
export function plainText (markdown: string): string {
  return markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|__/g, '')
    .replace(/(^|[\s(])[_*]([^_*\n]+)[_*](?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/&#x20;|&nbsp;/g, ' ')
    .replace(/\\([\\`*_{}[\]()#+\-.!|])/g, '$1')
    .replace(/\s*\n\s*(>\s*)?/g, ' ')
    .replace(/[ \t]{2,}/g, ' ')
    .trim()
}
