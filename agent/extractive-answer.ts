import { abstention, citeSpan, renderAnswer } from './draft.js'
import { STRONG_DENSE_SCORE, contentTerms, isRelevant, queryTerms, termOverlap } from './relevance.js'
import { splitSentences } from './split-sentences.js'
import type { AnswerSentence, Citation } from './answer-record.js'
import type { Draft } from './draft.js'
import type { SentenceSpan } from './split-sentences.js'
import type { SearchResult } from '../indexes/index.js'

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
const RANK_BONUS = 0.05
/**
 * Bonus times how well the sentence's headings match the question: the mean
 * of the share of query terms in the title and headings and the share of the
 * nearest heading's terms in the question (so "What is FVM" beats "FVM and
 * Bacalhau" for "What is FVM?")
 */
const HEADING_BONUS = 0.25
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
/** Multiplier for navigation ("see this blog", "described below") rather than content */
const NAVIGATION_PENALTY = 0.5
/** Multiplier for list items (prose is preferred, all else equal) */
const LIST_PENALTY = 0.9
/** A sentence below this score is never used */
const MIN_SENTENCE_SCORE = 0.2
/** Sentences after the first must score at least this fraction of the best */
const RELATIVE_CUTOFF = 0.5
/** Bonus for sentences from the same passage as the best one */
const SAME_PASSAGE_BONUS = 0.15
/** Score of a continuation ("This means …") relative to the chosen sentence it follows */
const FOLLOWER_FACTOR = 0.8
/** Sentences quoted from the first passage when only the dense score vouches for it */
const PARAPHRASE_SENTENCES = 2
/** Stem-set Jaccard similarity at which a sentence repeats one already chosen */
const REDUNDANT_JACCARD = 0.6

const ANSWERABLE_KINDS = new Set<SentenceSpan['kind']>(['prose', 'list'])
const DEFINITION_QUESTION = /^\s*(what|who)(\s+(is|are|was|were)\b|'s\b)|^\s*(define|definition)\b/i
const DEFINITION_VERB = /\b(is|are|refers? to|means|describes|consists? of)\b/i
const NAVIGATION = /\b(see|refer to|check out|read|learn more|click|visit|watch)\b.{0,40}\b(blog|page|section|guide|docs?|documentation|below|above|here|link|video|tutorial|article)\b|\b(described|explained|covered|listed|shown|discussed)\s+(below|above|later|in the .{0,40}section)\b|^\W*(to\s+)?(learn|read|find out|see)\s+more\b/i
const LOWERCASE_START = /^\p{Ll}/u
const ANAPHOR_START = /^(this|that|these|those|it|its|they|their|them|such|the latter|the former|however|but|also|as before|as such|in addition|therefore|thus|otherwise|then|here)\b/i
const INJECTION = /\b(ignore|disregard|forget)\b.{0,40}\b(instructions?|prompts?|above|previous|rules)\b|\bsystem prompt\b|\byou are now\b|\b(new|updated) instructions?\s*:/i

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
 * question asks "what is"; short sentences, lead-ins, questions, code and
 * navigation ("see this blog") are penalised; headings, code blocks, tables,
 * tags and link-only lines are never used, nor is any sentence of a passage
 * that addresses instructions to the answerer ("ignore previous
 * instructions…"). Sentences from the best sentence's passage get a bonus.
 * A sentence that leans on the one before it ("This component …") brings
 * that one along, a lead-in ending in a colon the items that follow, and a
 * chosen sentence may be continued by the one after it when that one leans on
 * it. When no sentence shares the question's words but the first passage's
 * dense score is at least {@link STRONG_DENSE_SCORE} (a paraphrase), its
 * opening sentences are quoted. Abstains, with the closest sources, when
 * {@link isRelevant} says nothing retrieved is about the question or no
 * sentence scores high enough.
 */
export function extractiveAnswer (question: string, results: readonly SearchResult[], options: ExtractiveAnswerOptions = {}): Draft {
  const maxSentences = Math.max(1, options.maxSentences ?? 3)
  const contexts = results.slice(0, Math.max(1, options.maxContexts ?? 5))
  if (contexts.length === 0 || !isRelevant(question, results)) return abstention(results, 'none')

  const terms = queryTerms(question)
  // a passage that addresses instructions to the answerer is untrusted as a whole
  const spans = contexts.map(r => INJECTION.test(r.chunk.text) ? [] : splitSentences(r.chunk.text))
  const candidates: Candidate[] = spans.flatMap((list, ctx) => list.map((span, index) => ({ ctx, index, span, stems: new Set(contentTerms(plainText(span.text))), score: 0 })))
  const df = new Map<string, number>()
  for (const c of candidates) for (const t of c.stems) df.set(t, (df.get(t) ?? 0) + 1)
  const idf = (t: string): number => Math.log(1 + candidates.length / (df.get(t) ?? 0.5))
  const totalIdf = terms.reduce((sum, t) => sum + idf(t), 0)
  const definitional = DEFINITION_QUESTION.test(question)

  for (const c of candidates) {
    const result = contexts[c.ctx]
    if (result === undefined) continue
    const nearest = nearestHeading(spans[c.ctx] ?? [], c.index) || (result.chunk.headings?.at(-1) ?? result.chunk.title)
    const headingMatch = 0.5 * termOverlap(terms, [result.chunk.title, ...(result.chunk.headings ?? []), nearest].join('\n')) + 0.5 * headingPrecision(nearest, terms)
    c.score = scoreSentence(c, terms, totalIdf, idf, headingMatch, definitional)
  }

  let ranked = candidates.filter(c => c.score >= MIN_SENTENCE_SCORE).sort((a, b) => b.score - a.score || a.ctx - b.ctx || a.index - b.index)
  if (ranked.length === 0 && (contexts[0]?.denseScore ?? 0) >= STRONG_DENSE_SCORE) {
    // a paraphrase: no sentence shares the question's words, but the dense
    // index is sure of the first passage, so quote its opening
    ranked = candidates.filter(c => c.ctx === 0 && isUsable(c)).slice(0, PARAPHRASE_SENTENCES)
    ranked.forEach((c, i) => { c.score = 1 - i * 0.1 })
  }
  const chosen = selectSentences(ranked, candidates, maxSentences)
  if (chosen.length === 0) return abstention(results, 'none')
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

/**
 * Pick up to `max` sentences from `ranked` (best first): skip those that
 * repeat a chosen one or score below {@link RELATIVE_CUTOFF} of the best, bring
 * a fragment's antecedent and a lead-in's items along, and drop a lead-in
 * whose items do not fit. Groups keep the order they were picked in, each in
 * document order; a group adjacent to an earlier one in the same passage
 * joins it.
 */
function selectSentences (ranked: readonly Candidate[], candidates: readonly Candidate[], max: number): Candidate[] {
  const best = ranked[0]
  if (best === undefined) return []
  const groups: Candidate[][] = []
  // sentences from the best sentence's passage read on from it
  const pool = ranked.map(c => { if (c !== best && c.ctx === best.ctx) c.score += SAME_PASSAGE_BONUS; return c })
  pool.sort((a, b) => b.score - a.score || a.ctx - b.ctx || a.index - b.index)
  const at = (ctx: number, index: number): Candidate | undefined => candidates.find(c => c.ctx === ctx && c.index === index)
  for (let c = pool.shift(); c !== undefined; c = pool.shift()) {
    const taken = groups.flat()
    if (taken.length >= max || c.score < best.score * RELATIVE_CUTOFF) break
    if (taken.includes(c) || taken.some(o => jaccard(o.stems, c.stems) >= REDUNDANT_JACCARD)) continue
    const group = [c]
    const prev = at(c.ctx, c.index - 1)
    if (isFragment(c) && prev !== undefined && isUsable(prev) && !taken.includes(prev)) group.unshift(prev)
    // a lead-in ("… four phases:") brings the items that follow it, as many as fit
    for (let i = c.index + 1; isLeadIn(c) && taken.length + group.length < max; i++) {
      const next = at(c.ctx, i)
      if (next === undefined || !isUsable(next) || taken.includes(next)) break
      group.push(next)
    }
    if (taken.length + group.length > max) {
      if (taken.length > 0) continue
      group.splice(0, group.length, c)
    }
    if (group.at(-1) === c && isLeadIn(c)) continue
    const first = group[0]
    const last = group.at(-1)
    const joined = groups.find(g => g[0]?.ctx === c.ctx && (g.at(-1)?.index === (first?.index ?? 0) - 1 || g[0]?.index === (last?.index ?? 0) + 1))
    if (joined === undefined) groups.push(group)
    else joined.push(...group)
    joined?.sort((a, b) => a.index - b.index)

    // the sentence after a chosen one continues it when it leans on it ("This means …")
    const follower = last === undefined ? undefined : at(last.ctx, last.index + 1)
    if (follower !== undefined && isUsable(follower) && isFragment(follower) && !groups.flat().includes(follower)) {
      follower.score = Math.max(follower.score, c.score * FOLLOWER_FACTOR)
      if (!pool.includes(follower)) pool.push(follower)
      pool.sort((a, b) => b.score - a.score || a.ctx - b.ctx || a.index - b.index)
    }
  }
  return groups.flat()
}

/** Score one candidate sentence (0 when it must never be used) */
function scoreSentence (c: Candidate, terms: readonly string[], totalIdf: number, idf: (t: string) => number, headingMatch: number, definitional: boolean): number {
  if (!isUsable(c)) return 0
  const text = plainText(c.span.text)
  const wordCount = text.split(/\s+/).length
  let coverage = 0
  for (const t of terms) if (c.stems.has(t)) coverage += idf(t)
  if (terms.length > 0 && coverage === 0) return 0
  let score = totalIdf > 0 ? coverage / totalIdf : 0
  score += RANK_BONUS / (c.ctx + 1)
  score += HEADING_BONUS * headingMatch
  if (definitional) score += DEFINITION_BONUS * definedShare(text, terms)
  if (wordCount < SHORT_WORDS) score *= SHORT_PENALTY
  if (wordCount > LONG_WORDS) score *= LONG_PENALTY
  if (text.endsWith(':')) score *= LEAD_IN_PENALTY
  if (text.endsWith('?')) score *= QUESTION_PENALTY
  if ((c.span.text.match(/`[^`]*`/g) ?? []).join('').length > c.span.text.length / 2) score *= CODE_PENALTY
  if (NAVIGATION.test(text)) score *= NAVIGATION_PENALTY
  if (c.span.kind === 'list') score *= LIST_PENALTY
  return score
}

/** Whether a sentence leans on the one before it ("This component …", or starts in lower case) */
function isFragment (c: Candidate): boolean {
  const text = plainText(c.span.text)
  return LOWERCASE_START.test(text) || ANAPHOR_START.test(text)
}

/** Whether a sentence introduces what follows ("… four distinct phases:") */
function isLeadIn (c: Candidate): boolean {
  return plainText(c.span.text).endsWith(':')
}

/** Whether a sentence may appear in an answer at all */
function isUsable (c: Candidate): boolean {
  if (!ANSWERABLE_KINDS.has(c.span.kind)) return false
  // link-only lines: drop links and URLs entirely and see what is left
  const bare = c.span.text.replace(/!?\[[^\]]*\]\([^)]*\)/g, ' ').replace(/\b(https?|ipfs):\/\/\S+/g, ' ')
  return (bare.match(/[\p{L}\p{N}]+/gu) ?? []).length >= 3
}

/** Share of the query terms in the subject of a definition ("A storage deal is …"), 0 when the sentence is not one */
function definedShare (text: string, terms: readonly string[]): number {
  const verb = DEFINITION_VERB.exec(text)
  if (verb === null || verb.index > 80 || terms.length === 0) return 0
  const subject = new Set(contentTerms(text.slice(0, verb.index)))
  return terms.filter(t => subject.has(t)).length / terms.length
}

/** Share of a heading's content terms that are query terms */
function headingPrecision (heading: string, terms: readonly string[]): number {
  const own = [...new Set(contentTerms(heading))]
  return own.length === 0 ? 0 : own.filter(t => terms.includes(t)).length / own.length
}

/** The text of the last heading before sentence `index` inside the same chunk, or '' */
function nearestHeading (spans: readonly SentenceSpan[], index: number): string {
  for (let i = index - 1; i >= 0; i--) {
    const span = spans[i]
    if (span?.kind === 'heading') return span.text
  }
  return ''
}

/** Jaccard similarity of two stem sets */
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
