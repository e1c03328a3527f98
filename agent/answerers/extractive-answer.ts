import { abstention, citeSpan, CLOSEST_SOURCES_COUNT, renderAnswer } from '../draft.js'
import { isAnswerable } from '../answerability.js'
import { passageTerms } from '../passage-terms.js'
import { contentTerms } from '../relevance.js'
import { datesInWords } from '../canonical-terms.js'
import { answerModelName, defaultAnswerModel, logit, probability } from './answer-model.js'
import { questionFeatures } from './question-features.js'
import { candidateFeatures, share } from './sentence-features.js'
import { constraintTerms } from './constraint-terms.js'
import { bareWord, namesStatedOtherwise } from './name-runs.js'
import { askedFor, contrasts, gives, leansOnPrevious, measuredTerms } from './answer-kinds.js'
import { plainText, sentenceCandidates } from './sentence-candidates.js'
import type { AnswerModel } from './answer-model.js'
import type { TermStatistics } from '../answerability.js'
import type { AbstentionReason, AnswerSentence, Citation } from '../answer-record.js'
import type { Draft } from '../draft.js'
import type { Candidate, CandidateSet } from './sentence-candidates.js'
import type { SearchResult } from '../../indexes/index.js'

export { plainText } from './sentence-candidates.js'
export { isShouted } from './sentence-features.js'

/** Options for {@link extractiveAnswer} */
export interface ExtractiveAnswerOptions {
  /**
   * Most sentences in the answer (context sentences added for a fragment count)
   *
   * @default 3 (4 for a procedure)
   */
  maxSentences?: number
  /**
   * How many of the best results are read
   *
   * @default 5
   */
  maxContexts?: number
  /** Term statistics of the index searched: idf over the index's chunks, and the vocabulary the question is checked against */
  stats?: TermStatistics
  /** The coverage a passage must reach for the question to be answered (per index; see {@link isAnswerable}) */
  minCoverage?: number
  /** The answer model that scores sentences and decides abstention. @default the model Quarry ships ({@link defaultAnswerModel}) */
  model?: AnswerModel
}

/** Most sentences for a procedure (steps) */
const PROCEDURE_SENTENCES = 4
/** Sentences after the first must score at least this fraction of the best */
const RELATIVE_CUTOFF = 0.5
/** Sentences from other passages than the best sentence's must score at least this fraction of the best */
const OTHER_PASSAGE_CUTOFF = 0.75
/** Score of a continuation ("This means …") relative to the chosen sentence it follows */
const FOLLOWER_FACTOR = 0.8
/** A sentence from another passage joins only when it brings at least this share of the question's weight the chosen ones lack */
const NOVELTY_MIN = 0.1
/** Stem-set Jaccard similarity at which a sentence repeats one already chosen */
const REDUNDANT_JACCARD = 0.6

const ANSWERABLE_KINDS = new Set(['prose', 'list'])
/** Meta sentences about the document rather than the subject: never used */
const META = /^\W*(this|these|the following|in this|on this|the next|the previous)\s+(section|page|guide|tutorial|article|document|doc|chapter|walkthrough|topic|lesson|video|post)s?\b|^\W*(see also|for more (information|details)|more information|learn more|read more|next steps?)\b/i

/** How well a question's retrieved passages answer it: the answer model's best sentence probability, and the question's constraints none of the chosen sentences states */
export interface Answerability {
  /** The best sentence probability (0 when no sentence may be quoted) */
  score: number
  /** Whether the score clears the model's abstention threshold (and the passages cover the question at all) */
  answerable: boolean
  /** The model that scored it (`id@vN`) */
  model: string
  /** When not answerable: the vocabulary gate refused the question, or the score is below the threshold */
  reason?: 'off-vocabulary' | 'low-answerability'
}

/**
 * Answer by quoting: every sentence of the best retrieved chunks is scored
 * by the answer model ({@link AnswerModel}: the probability that it answers
 * the question, from named features — idf-weighted coverage of the question,
 * its constraints, whether it carries what the question asks for, heading
 * match, retrieval rank, how it reads). The answer quotes the best sentence
 * and up to `maxSentences` non-redundant others, each ending with its `[n]`
 * marker, each citation quoting the sentence exactly as it appears in the
 * chunk.
 *
 * Abstains, listing the closest sources, when no passage covers the question
 * at all ({@link isAnswerable}) or the best sentence's probability is below
 * the model's `abstainBelow`. When the answer leaves some of the question's
 * constraints unstated (a year, a name, a figure the quotes do not hold), the
 * draft lists them in `unstated`, and when the question asks for a figure or
 * a date that no quoted sentence gives, `unstatedAsked` says so: a partial
 * answer.
 *
 * Headings, code blocks, tables, tags, link-only lines and meta sentences
 * about the document ("This section …") are never quoted, nor is any sentence
 * of a passage that addresses instructions to the answerer. A sentence that
 * leans on the one before it brings that one along, a lead-in ending in a
 * colon the items that follow.
 */
export function extractiveAnswer (question: string, results: readonly SearchResult[], options: ExtractiveAnswerOptions = {}): Draft {
  const model = options.model ?? defaultAnswerModel()
  const contexts = distinctResults(results).slice(0, Math.max(1, options.maxContexts ?? 5))
  const scored = scoreQuestion(question, contexts, options)
  const stamp = { answerability: round(scored?.answerability ?? 0), answerModel: answerModelName(model) }
  if (scored === undefined) return { ...abstention(contexts, 'none', 'off-vocabulary'), ...stamp }
  const { set } = scored
  // an abstention after scoring quotes what came closest: the sentences the model scored best
  const refuse = (reason: AbstentionReason): Draft => ({ ...abstention(contexts, 'none', reason, [], closestScored(set, contexts)), ...stamp })
  if (scored.answerability < model.abstainBelow) return refuse('low-answerability')
  const maxSentences = Math.max(1, options.maxSentences ?? (set.shape.kinds.has('procedure') ? PROCEDURE_SENTENCES : 3))
  const adds = (c: Candidate, taken: readonly Candidate[]): boolean => addsToAnswer(c, taken, set)
  const ranked = set.candidates.filter(c => c.score > 0).sort((a, b) => b.score - a.score || a.ctx - b.ctx || a.index - b.index)
  let chosen = selectSentences(ranked, set.candidates, maxSentences, adds)
  if (set.shape.sides !== undefined) chosen = coverBothSides(chosen, ranked, set.shape.sides, maxSentences, set.weight)
  if (chosen.length === 0) return refuse('nothing-quotable')
  const unstated = unstatedConstraints(question, chosen, contexts, set.stats)
  // asked for a figure or a date, and no quoted sentence gives one: say so ("What sector size …?" → "… tiny sector sizes")
  const asked = askedFor(question)
  const unstatedAsked = asked !== undefined && !chosen.some(c => gives(c.text, asked.kind)) ? asked : undefined
  // no figure and not even the thing measured ("How much TRB …?" → a sentence on what Tellor supports): no answer at all
  if (unstatedAsked !== undefined && !speaksOf(chosen, contexts, measuredTerms(question, unstatedAsked))) return refuse('figure-not-given')
  return { ...cite(chosen, contexts), ...stamp, ...(unstated.length > 0 ? { unstated } : {}), ...(unstatedAsked !== undefined ? { unstatedAsked } : {}) }
}

/**
 * The answerability of a question over its retrieved passages: the answer
 * model's probability that they answer it. The LLM and agent modes use it to
 * refuse when the context cannot answer.
 */
export function answerability (question: string, results: readonly SearchResult[], options: Pick<ExtractiveAnswerOptions, 'stats' | 'minCoverage' | 'model' | 'maxContexts'> = {}): Answerability {
  const model = options.model ?? defaultAnswerModel()
  const contexts = distinctResults(results).slice(0, Math.max(1, options.maxContexts ?? 5))
  const scored = scoreQuestion(question, contexts, options)
  const score = scored?.answerability ?? 0
  const answerable = score >= model.abstainBelow
  return { score: round(score), answerable, model: answerModelName(model), ...(answerable ? {} : { reason: scored === undefined ? 'off-vocabulary' : 'low-answerability' }) }
}

/** A question's candidates scored by the sentence ranker, and its answerability */
export interface ScoredQuestion {
  /** The candidates; each `score` is the ranker's probability (0 for a sentence that may never be quoted) */
  set: CandidateSet
  /** The answerability model's probability that the passages answer the question */
  answerability: number
}

/**
 * Score a question's candidates with the sentence ranker and the question
 * with the answerability model; undefined when no passage covers the
 * question at all ({@link isAnswerable})
 */
export function scoreQuestion (question: string, contexts: readonly SearchResult[], options: Pick<ExtractiveAnswerOptions, 'stats' | 'minCoverage' | 'model'> = {}): ScoredQuestion | undefined {
  const gate = { ...(options.stats !== undefined ? { stats: options.stats } : {}), ...(options.minCoverage !== undefined ? { minCoverage: options.minCoverage } : {}) }
  if (contexts.length === 0 || !isAnswerable(question, contexts, gate)) return undefined
  const model = options.model ?? defaultAnswerModel()
  const set = sentenceCandidates(question, contexts, options.stats)
  const features = candidateFeatures(set, isUsable)
  const usable: number[][] = []
  const logits: number[] = []
  set.candidates.forEach((c, i) => {
    if (!isUsable(c)) return
    const z = logit(model.ranker, features[i] ?? [])
    c.score = probability(z)
    usable.push(features[i] ?? [])
    logits.push(z)
  })
  return { set, answerability: probability(logit(model.answerability, questionFeatures(usable, logits))) }
}

/**
 * The question's constraints (numbers, dates, names, quoted strings) that no
 * chosen sentence states, nor its heading, title, or any retrieved passage of
 * its document (a record's date stated at its top still dates the sentence
 * quoted from it): what a partial answer leaves out, in the question's own
 * words
 */
function unstatedConstraints (question: string, chosen: readonly Candidate[], contexts: readonly SearchResult[], stats?: TermStatistics): string[] {
  const paths = new Set(chosen.map(c => contexts[c.ctx]?.chunk.path))
  const cited = contexts.filter(r => paths.has(r.chunk.path))
  const passages = cited.map(r => passageTerms(r.chunk))
  const stated = (t: string): boolean => chosen.some(c => c.stems.has(t) || c.headingStems.has(t) || c.titleStems.has(t)) || passages.some(p => p.has(t))
  const missing = new Set(constraintTerms(question, { compoundParts: true }).filter(t => !stated(t)))
  if (missing.size > 0) {
    const sources = cited.map(r => r.chunk.text)
    // a month or year the passages write in figures ("4/21/78") is stated
    for (const text of sources) if (text.includes('/')) for (const t of contentTerms(datesInWords(text))) missing.delete(t)
    // so is a name they write by its initials, or an acronym whose name they write out ("HSCA")
    for (const t of namesStatedOtherwise(question, sources, missing)) missing.delete(t)
    // and whatever the cited documents hold elsewhere (their title, another page): each document asked once
    for (const r of new Map(cited.map(r => [r.chunk.path, r])).values()) {
      if (missing.size === 0) break
      for (const t of stats?.documentTerms?.(r.chunk, [...missing]) ?? []) missing.delete(t)
    }
  }
  if (missing.size === 0) return []
  // each word as the question writes it, less the punctuation around it and a possessive ("the CIA's" → CIA)
  const words = question.split(/\s+/).map(bareWord).filter(w => w !== '')
  return [...new Set(words.filter(w => contentTerms(w).some(t => missing.has(t))))]
}

/**
 * The closest sources of an abstention after scoring: the passages whose best
 * quotable sentence scored highest (at most {@link CLOSEST_SOURCES_COUNT}),
 * each quoting that sentence; undefined when no sentence scored
 */
function closestScored (set: CandidateSet, contexts: readonly SearchResult[]): Citation[] | undefined {
  const best = new Map<number, Candidate>()
  for (const c of set.candidates) if (c.score > 0 && c.score > (best.get(c.ctx)?.score ?? 0)) best.set(c.ctx, c)
  const top = [...best.values()].sort((a, b) => b.score - a.score || a.ctx - b.ctx).slice(0, CLOSEST_SOURCES_COUNT)
  const cited = top.flatMap((c, i) => {
    const result = contexts[c.ctx]
    return result === undefined ? [] : [citeSpan(result, i + 1, c.span.start, c.span.end)]
  })
  return cited.length > 0 ? cited : undefined
}

function round (x: number): number {
  return Math.round(x * 1e4) / 1e4
}

/**
 * The draft for the chosen sentences: one citation per chunk, quoting the
 * exact source from its first to its last chosen sentence (so a chunk is
 * never listed twice), sentences in the order chosen.
 */
function cite (chosen: readonly Candidate[], contexts: readonly SearchResult[]): Draft {
  const citations: Citation[] = []
  const numberOf = new Map<number, number>()
  for (const c of chosen) {
    if (numberOf.has(c.ctx)) continue
    const result = contexts[c.ctx]
    if (result === undefined) continue
    const mine = chosen.filter(o => o.ctx === c.ctx)
    const start = Math.min(...mine.map(o => o.span.start))
    const end = Math.max(...mine.map(o => o.span.end))
    const n = citations.length + 1
    numberOf.set(c.ctx, n)
    citations.push(citeSpan(result, n, start, end))
  }
  const sentences: AnswerSentence[] = []
  for (const c of chosen) {
    const n = numberOf.get(c.ctx)
    if (n === undefined) continue
    sentences.push({ text: c.text, citations: [n] })
  }
  return { answer: renderAnswer(sentences), sentences, citations, rejected: [], abstained: false, llm: 'none' }
}

/** Results without repeats: the first of several results with the same chunk CID or the same text */
export function distinctResults (results: readonly SearchResult[]): SearchResult[] {
  const seen = new Set<string>()
  return results.filter(r => {
    const cid = r.chunk.chunkCid.toString()
    if (seen.has(cid)) return false
    seen.add(cid)
    return true
  })
}

/**
 * When the question compares two things and the chosen sentences speak of
 * only one side, bring in the best-ranked sentence about the other side
 * (replacing the last chosen one when the answer is full). A sentence that
 * names both sides without setting them apart ("Both A and B are run by …")
 * speaks of neither.
 */
function coverBothSides (chosen: Candidate[], ranked: readonly Candidate[], sides: [string[], string[]], max: number, weight: (t: string) => number): Candidate[] {
  const names = (c: Candidate, side: readonly string[]): boolean => share(side, t => c.stems.has(t), weight) >= 0.5
  const covers = (c: Candidate, side: readonly string[]): boolean => names(c, side) && (!sides.every(s => names(c, s)) || contrasts(c.text))
  for (const side of sides) {
    if (chosen.some(c => covers(c, side))) continue
    const other = ranked.find(c => !chosen.includes(c) && covers(c, side))
    if (other === undefined) continue
    if (chosen.length >= max) chosen = chosen.slice(0, max - 1)
    chosen = [...chosen, other]
  }
  return chosen
}

/**
 * Pick up to `max` sentences from `ranked` (best first): skip those that
 * repeat a chosen one or score below {@link RELATIVE_CUTOFF} of the best, bring
 * a fragment's antecedent and a lead-in's items along, and drop a lead-in
 * whose items do not fit. Groups keep the order they were picked in, each in
 * document order; a group adjacent to an earlier one in the same passage
 * joins it.
 */
function selectSentences (ranked: readonly Candidate[], candidates: readonly Candidate[], max: number, adds: (c: Candidate, taken: readonly Candidate[]) => boolean): Candidate[] {
  if (ranked.length === 0) return []
  const groups: Candidate[][] = []
  const pool = [...ranked]
  // the best sentence actually quoted (a lead-in whose items do not fit is passed over)
  let best: Candidate | undefined
  const at = (ctx: number, index: number): Candidate | undefined => candidates.find(c => c.ctx === ctx && c.index === index)
  for (let c = pool.shift(); c !== undefined; c = pool.shift()) {
    const taken = groups.flat()
    if (taken.length >= max || (best !== undefined && c.score < best.score * RELATIVE_CUTOFF)) break
    if (best !== undefined && c.ctx !== best.ctx && c.score < best.score * OTHER_PASSAGE_CUTOFF) continue
    if (taken.includes(c) || taken.some(o => jaccard(o.stems, c.stems) >= REDUNDANT_JACCARD)) continue
    // another passage is cited only for what it adds
    if (best !== undefined && c.ctx !== best.ctx && !taken.some(o => o.ctx === c.ctx) && !adds(c, taken)) continue
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
    best ??= c
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

/**
 * Whether a sentence adds to the chosen ones: it names the thing asked about
 * (half its weight at least) and brings at least {@link NOVELTY_MIN} of the
 * question's weight they lack
 */
function addsToAnswer (c: Candidate, taken: readonly Candidate[], set: CandidateSet): boolean {
  if (taken.length === 0) return true
  const { shape, terms, weight, totalWeight } = set
  const asked = shape.kinds.has('definition') && shape.subject.length < terms.length ? shape.subject : shape.focus
  if (asked !== undefined && share(asked, t => c.stems.has(t) || c.headingStems.has(t), weight) < 0.5) return false
  const had = new Set(taken.flatMap(o => [...o.stems]))
  let gain = 0
  for (const t of terms) if (c.stems.has(t) && !had.has(t)) gain += weight(t)
  return totalWeight > 0 && gain / totalWeight >= NOVELTY_MIN
}

/** Whether a sentence leans on the one before it ("This component …", or starts in lower case) */
function isFragment (c: Candidate): boolean {
  return leansOnPrevious(c.text)
}

/** Whether a sentence introduces what follows ("… four distinct phases:") */
function isLeadIn (c: Candidate): boolean {
  return c.text.endsWith(':')
}

/** Whether a sentence may appear in an answer at all: prose or a list item, not about the page itself, not a link alone */
export function isUsable (c: Candidate): boolean {
  if (!ANSWERABLE_KINDS.has(c.span.kind)) return false
  if (META.test(c.text)) return false
  // link-only lines: drop links and URLs entirely and see what is left
  const bare = c.span.text.replace(/!?\[[^\]]*\]\([^)]*\)/g, ' ').replace(/\b(https?|ipfs):\/\/\S+/g, ' ')
  return (bare.match(/[\p{L}\p{N}]+/gu) ?? []).length >= 1
}

/** Jaccard similarity of two stem sets */
function jaccard (a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let inter = 0
  for (const t of a) if (b.has(t)) inter++
  const union = a.size + b.size - inter
  return union === 0 ? 1 : inter / union
}

/** Whether one of the chosen sentences, with the headings over it, holds what is measured (all its terms, or any, as {@link measuredTerms} says) */
function speaksOf (chosen: readonly Candidate[], contexts: readonly SearchResult[], measured: { terms: readonly string[], all: boolean }): boolean {
  return chosen.some(c => {
    const headings = new Set(contentTerms((contexts[c.ctx]?.chunk.headings ?? []).join('\n')))
    const held = (t: string): boolean => c.stems.has(t) || headings.has(t)
    return measured.all ? measured.terms.every(held) : measured.terms.some(held)
  })
}
