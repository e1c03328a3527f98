import { abstention, citeSpan, renderAnswer } from '../draft.js'
import { isAnswerable } from '../answerability.js'
import { contentTerms, queryTerms, termOverlap } from '../relevance.js'
import type { TermStatistics } from '../answerability.js'
import { questionShape } from '../question-kind.js'
import { splitSentences } from '../citations/split-sentences.js'
import { readableText } from '../../indexes/index.js'
import type { QuestionShape } from '../question-kind.js'
import type { AnswerSentence, Citation } from '../answer-record.js'
import type { Draft } from '../draft.js'
import type { SentenceSpan } from '../citations/split-sentences.js'
import type { SearchResult, TextStyle } from '../../indexes/index.js'

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
  /** Term statistics of the index searched, for {@link isAnswerable} */
  stats?: TermStatistics
  /** The coverage a passage must reach for the question to be answered (per index; see {@link isAnswerable}) */
  minCoverage?: number
}

/** Bonus for a sentence from the first result, shrinking as 1/rank (retrieval ranks well: chosen on the Filecoin dev sets) */
const RANK_BONUS = 0.3
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
/** Multiplier for a sentence mostly in capitals: a record's header, a form's fields, a banner ("MEMORANDUM FOR THE RECORD SUBJECT: …") */
const SHOUTED_PENALTY = 0.6
/** Share of capital letters from which a sentence is {@link isShouted} */
const SHOUTED_SHARE = 0.6
/** Multiplier for list items (prose is preferred, all else equal) */
const LIST_PENALTY = 0.9
/** Bonus for a sentence with a number when the question asks how much/long/many */
const NUMBER_BONUS = 0.2
/** Multiplier for a sentence without a number when the question asks how much/long/many */
const NO_NUMBER_PENALTY = 0.6
/** Bonus for a step (list item, imperative or command) when the question asks how to do something */
const STEP_BONUS = 0.1
/** Bonus for a sentence that gives a reason when the question asks why */
const REASON_BONUS = 0.15
/** Bonus for a sentence that mentions both sides of a comparison */
const BOTH_SIDES_BONUS = 0.15
/** Most sentences for a procedure (steps) */
const PROCEDURE_SENTENCES = 4
/** Heading-question F1 from which the text under a heading is taken to answer the question */
const SECTION_MATCH = 0.6
/** Bonus times that F1 for a sentence under such a heading */
const SECTION_BONUS = 0.6
/** Sentences from other passages than the best sentence's must score at least this fraction of the best */
const OTHER_PASSAGE_CUTOFF = 0.75
/** A sentence below this score is never used */
const MIN_SENTENCE_SCORE = 0.2
/** Sentences after the first must score at least this fraction of the best */
const RELATIVE_CUTOFF = 0.5
/** Bonus for sentences from the same passage as the best one */
const SAME_PASSAGE_BONUS = 0.15
/** Score of a continuation ("This means …") relative to the chosen sentence it follows */
const FOLLOWER_FACTOR = 0.8
/**
 * A sentence from another passage than the best sentence's joins the answer
 * only when it brings at least this share of the question's weight (idf)
 * that the chosen sentences lack, or, for a question of a kind, the kind's
 * evidence they lack (a number, a reason, a side of a comparison): a
 * passage is cited only when its sentence adds to the answer
 */
const NOVELTY_MIN = 0.1
/**
 * For "What is X?" (and a question whose asking sentence follows a scene:
 * {@link QuestionShape.focus}), a sentence's score is scaled by
 * `SUBJECT_FLOOR + (1 − SUBJECT_FLOOR) × s`, where `s` is the idf-weighted
 * share of the subject X (the asking sentence's terms) found in the sentence
 * or its heading: the thing asked about must be there, not only the context
 * words ("In the Filecoin EVM runtime, …")
 */
const SUBJECT_FLOOR = 0.5
/** Weight of the terms of the asking sentence of a question that sets a scene first ({@link QuestionShape.focus}) */
const FOCUS_WEIGHT = 2
/** Stem-set Jaccard similarity at which a sentence repeats one already chosen */
const REDUNDANT_JACCARD = 0.6

const ANSWERABLE_KINDS = new Set<SentenceSpan['kind']>(['prose', 'list'])
const DEFINITION_QUESTION = /^\s*(what|who)(\s+(is|are|was|were)\b|'s\b)|^\s*(define|definition)\b/i
const DEFINITION_VERB = /\b(is|are|refers? to|means|describes|consists? of)\b/i
const NAVIGATION = /\b(see|refer to|check out|read|learn more|click|visit|watch)\b.{0,40}\b(blog|page|section|guide|docs?|documentation|below|above|here|link|video|tutorial|article)\b|\b(described|explained|covered|listed|shown|discussed)\s+(below|above|later|in the .{0,40}section)\b|^\W*(to\s+)?(learn|read|find out|see)\s+more\b/i
const LOWERCASE_START = /^\p{Ll}/u
const ANAPHOR_START = /^(this|that|these|those|it|its|they|their|them|such|the latter|the former|however|but|also|as before|as such|in addition|therefore|thus|otherwise|then|here)\b/i
/** Meta sentences about the document rather than the subject: never used */
const META = /^\W*(this|these|the following|in this|on this|the next|the previous)\s+(section|page|guide|tutorial|article|document|doc|chapter|walkthrough|topic|lesson|video|post)s?\b|^\W*(see also|for more (information|details)|more information|learn more|read more|next steps?)\b/i
const DIGIT = /\d/
/** A sentence that sets two things against each other ("whereas", "unlike", "instead") */
const CONTRAST = /\b(whereas|while|unlike|but|however|instead|in contrast|on the other hand|rather than|differs?|different|differences?|compared (to|with)|as opposed to|only|not)\b/i
const NUMBER_WORD = /\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred|thousand|million|billion|half|quarter|dozen|once|twice|daily|weekly|monthly|hourly|annually)\b/i
const REASON_WORDS = /\b(because|since|so that|so as to|in order to|to (ensure|prevent|avoid|allow|make sure|guarantee|keep|protect|reduce|incentivi[sz]e)|due to|as a result|therefore|thus|otherwise|which means|this means|prevents?|ensures?|allows?|incentivi[sz]es?|reason|risk)\b/i
const IMPERATIVE = /^\W*(run|use|open|click|select|enter|set|install|add|create|go|navigate|type|copy|paste|download|connect|choose|call|send|make|configure|start|stop|restart|check|replace|execute|build|import|switch|visit|follow|ensure|update|upgrade|back up|wait|sign|edit|save|paste|fill|generate)\b/i
const INJECTION = /\b(ignore|disregard|forget)\b.{0,40}\b(instructions?|prompts?|above|previous|rules)\b|\bsystem prompt\b|\byou are now\b|\b(new|updated) instructions?\s*:/i

interface Candidate {
  ctx: number
  style: TextStyle
  index: number
  span: SentenceSpan
  stems: Set<string>
  score: number
  /** How closely the heading over the sentence matches the question (F1 of their terms) */
  section?: number
  /** Stems of the heading over the sentence */
  headingStems?: Set<string>
}

/**
 * Answer by quoting: score every sentence of the best retrieved chunks
 * against the question and return the best one to `maxSentences`
 * non-redundant ones, each ending with its `[n]` marker and each citation
 * quoting the sentence exactly as it appears in the chunk.
 *
 * A sentence scores the IDF-weighted share of the question's stemmed terms it
 * contains (IDF over the retrieved sentences), plus bonuses for a high-ranked
 * chunk, a heading that matches the question's subject, and a fit to the
 * question's kind ({@link questionShape}): a definition of the subject for
 * "what is", a number for "how much/long/many", a step for "how do I", a
 * reason for "why", both sides for a comparison (the best sentence about a
 * side not yet covered is brought in). Short sentences, lead-ins, questions,
 * code and navigation ("see this blog") are penalised; meta sentences about
 * the document ("This section …", "See also …"), headings, code blocks,
 * tables, tags and link-only lines are never used, nor is any sentence of a
 * passage that addresses instructions to the answerer ("ignore previous
 * instructions…"). Sentences from the best sentence's passage get a bonus.
 * A sentence that leans on the one before it ("This component …") brings
 * that one along, a lead-in ending in a colon the items that follow, and a
 * chosen sentence may be continued by the one after it when that one leans on
 * it. OCR pages are split with sentences running across line wraps.
 *
 * Each chunk is cited once, its quote running exactly from its first to its
 * last chosen sentence in the source; the answer sentences are the readable
 * form of those source sentences. Abstains, with the closest sources, when
 * {@link isAnswerable} says no retrieved passage covers enough of the
 * question, or no sentence scores high enough.
 */
export function extractiveAnswer (question: string, results: readonly SearchResult[], options: ExtractiveAnswerOptions = {}): Draft {
  const shape = questionShape(question)
  const maxSentences = Math.max(1, options.maxSentences ?? (shape.kinds.has('procedure') ? PROCEDURE_SENTENCES : 3))
  const contexts = distinctResults(results).slice(0, Math.max(1, options.maxContexts ?? 5))
  const gate = { ...(options.stats !== undefined ? { stats: options.stats } : {}), ...(options.minCoverage !== undefined ? { minCoverage: options.minCoverage } : {}) }
  if (contexts.length === 0 || !isAnswerable(question, contexts, gate)) return abstention(contexts, 'none')

  const terms = queryTerms(question)
  const styles = contexts.map(r => chunkStyle(r))
  // a passage that addresses instructions to the answerer is untrusted as a whole
  const spans = contexts.map((r, i) => INJECTION.test(r.chunk.text) ? [] : splitSentences(r.chunk.text, { wrapped: styles[i]?.wrapped === true }))
  const candidates: Candidate[] = spans.flatMap((list, ctx) => list.map((span, index) => {
    const style = styles[ctx] ?? { markup: true, wrapped: false }
    return { ctx, style, index, span, stems: new Set(contentTerms(plainText(span.text, style))), score: 0 }
  }))
  const df = new Map<string, number>()
  for (const c of candidates) for (const t of c.stems) df.set(t, (df.get(t) ?? 0) + 1)
  // the words of the sentence that asks weigh more than the scene set before it
  const focus = new Set(shape.focus ?? [])
  const idf = (t: string): number => Math.log(1 + candidates.length / (df.get(t) ?? 0.5)) * (focus.has(t) ? FOCUS_WEIGHT : 1)
  const totalIdf = terms.reduce((sum, t) => sum + idf(t), 0)

  for (const c of candidates) {
    const result = contexts[c.ctx]
    if (result === undefined) continue
    const nearest = nearestHeading(spans[c.ctx] ?? [], c.index) || (result.chunk.headings?.at(-1) ?? result.chunk.title)
    const headingMatch = 0.5 * termOverlap(terms, [result.chunk.title, ...(result.chunk.headings ?? []), nearest].join('\n')) + 0.5 * headingPrecision(nearest, shape.subject)
    c.section = headingF1(nearest, terms)
    c.headingStems = new Set(contentTerms(nearest))
    c.score = scoreSentence(c, terms, totalIdf, idf, headingMatch, shape)
  }
  const adds = (c: Candidate, taken: readonly Candidate[]): boolean => addsToAnswer(c, taken, terms, totalIdf, idf, shape)

  const ranked = candidates.filter(c => c.score >= MIN_SENTENCE_SCORE).sort((a, b) => b.score - a.score || a.ctx - b.ctx || a.index - b.index)
  let chosen = selectSentences(ranked, candidates, maxSentences, adds)
  if (shape.sides !== undefined) chosen = coverBothSides(chosen, ranked, shape.sides, maxSentences, idf)
  if (chosen.length === 0) return abstention(contexts, 'none')
  return cite(chosen, contexts)
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
    sentences.push({ text: plainText(c.span.text, c.style), citations: [n] })
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

/** How a result's text is read: markup by its path, wrapped lines when it is a page of a paged document */
function chunkStyle (result: SearchResult): TextStyle {
  return { markup: !/\.(json|jsonl|txt|csv)(#|$)/i.test(result.chunk.path), wrapped: result.chunk.page !== undefined }
}

/**
 * When the question compares two things and the chosen sentences speak of
 * only one side, bring in the best-ranked sentence about the other side
 * (replacing the last chosen one when the answer is full).
 */
function coverBothSides (chosen: Candidate[], ranked: readonly Candidate[], sides: [string[], string[]], max: number, idf: (t: string) => number): Candidate[] {
  const names = (c: Candidate, side: string[]): boolean => mentions(c, side, idf)
  // a sentence that names both sides without contrasting them ("Both A and B are run by …") says nothing of either
  const covers = (c: Candidate, side: string[]): boolean => names(c, side) && (!sides.every(s => names(c, s)) || CONTRAST.test(plainText(c.span.text, c.style)))
  for (const side of sides) {
    if (chosen.some(c => covers(c, side))) continue
    const other = ranked.find(c => !chosen.includes(c) && covers(c, side) && isUsable(c))
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
    if (c.ctx !== best.ctx && c.score < best.score * OTHER_PASSAGE_CUTOFF) continue
    if (taken.includes(c) || taken.some(o => jaccard(o.stems, c.stems) >= REDUNDANT_JACCARD)) continue
    // another passage is cited only for what it adds (text under a heading that asks the question answers it)
    if (c.ctx !== best.ctx && !taken.some(o => o.ctx === c.ctx) && (c.section ?? 0) < SECTION_MATCH && !adds(c, taken)) continue
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
function scoreSentence (c: Candidate, terms: readonly string[], totalIdf: number, idf: (t: string) => number, headingMatch: number, shape: QuestionShape): number {
  // under a heading that asks (nearly) the question itself, the text answers it even in other words ("Yes.")
  const answersHeading = (c.section ?? 0) >= SECTION_MATCH
  if (!isUsable(c, answersHeading)) return 0
  const text = plainText(c.span.text, c.style)
  const wordCount = text.split(/\s+/).length
  let coverage = 0
  for (const t of terms) if (c.stems.has(t)) coverage += idf(t)
  if (terms.length > 0 && coverage === 0 && !answersHeading) return 0
  let score = totalIdf > 0 ? coverage / totalIdf : 0
  score += RANK_BONUS / (c.ctx + 1)
  score += HEADING_BONUS * headingMatch
  if (answersHeading) score += SECTION_BONUS * (c.section ?? 0)
  const { kinds } = shape
  if (kinds.has('definition')) score += DEFINITION_BONUS * definedShare(text, shape.subject)
  // the thing asked about (X of "What is X?", the asking sentence after a scene) must be there, not only the context words
  const asked = askedTerms(shape, terms)
  if (asked !== undefined) score *= SUBJECT_FLOOR + (1 - SUBJECT_FLOOR) * weightedShare(asked, t => c.stems.has(t) || c.headingStems?.has(t) === true, idf)
  if (kinds.has('quantity')) {
    if (DIGIT.test(text.replace(/\[\d+\]/g, '')) || NUMBER_WORD.test(text)) score += NUMBER_BONUS
    else score *= NO_NUMBER_PENALTY
  }
  const step = c.span.kind === 'list' || IMPERATIVE.test(text) || /`[^`]+`/.test(c.span.text)
  if (kinds.has('procedure') && step) score += STEP_BONUS
  if (kinds.has('reason') && REASON_WORDS.test(text)) score += REASON_BONUS
  // a sentence that names both sides answers a comparison when it sets them against each other
  if (shape.sides !== undefined && shape.sides.every(side => mentions(c, side, idf)) && CONTRAST.test(text)) score += BOTH_SIDES_BONUS
  if (wordCount < SHORT_WORDS && !answersHeading) score *= SHORT_PENALTY
  if (wordCount > LONG_WORDS) score *= LONG_PENALTY
  if (text.endsWith(':') && !kinds.has('procedure')) score *= LEAD_IN_PENALTY
  if (text.endsWith('?')) score *= QUESTION_PENALTY
  if ((c.span.text.match(/`[^`]*`/g) ?? []).join('').length > c.span.text.length / 2 && !kinds.has('procedure')) score *= CODE_PENALTY
  if (NAVIGATION.test(text)) score *= NAVIGATION_PENALTY
  if (isShouted(text)) score *= SHOUTED_PENALTY
  if (c.span.kind === 'list' && !kinds.has('procedure')) score *= LIST_PENALTY
  return score
}

/**
 * Whether a sentence adds to the chosen ones: at least {@link NOVELTY_MIN} of
 * the question's weight they lack, or the evidence the question's kind asks
 * for when none of them has it (a number, a reason, a side of a comparison)
 */
function addsToAnswer (c: Candidate, taken: readonly Candidate[], terms: readonly string[], totalIdf: number, idf: (t: string) => number, shape: QuestionShape): boolean {
  if (taken.length === 0) return true
  // a sentence that does not name the thing asked about (half its weight at least) adds only context
  const asked = askedTerms(shape, terms)
  if (asked !== undefined && weightedShare(asked, t => c.stems.has(t) || c.headingStems?.has(t) === true, idf) < 0.5) return false
  const had = new Set(taken.flatMap(o => [...o.stems]))
  let gain = 0
  for (const t of terms) if (c.stems.has(t) && !had.has(t)) gain += idf(t)
  if (totalIdf > 0 && gain / totalIdf >= NOVELTY_MIN) return true
  const text = (o: Candidate): string => plainText(o.span.text, o.style)
  const lacks = (test: (o: Candidate) => boolean): boolean => test(c) && !taken.some(test)
  if (shape.kinds.has('quantity') && lacks(o => DIGIT.test(text(o).replace(/\[\d+\]/g, '')) || NUMBER_WORD.test(text(o)))) return true
  if (shape.kinds.has('reason') && lacks(o => REASON_WORDS.test(text(o)))) return true
  return shape.sides?.some(side => lacks(o => mentions(o, side, idf))) === true
}

/** Whether a sentence names a side of a comparison: at least half of the side's weight (its telling word, not only "make") */
function mentions (c: Candidate, side: readonly string[], idf: (t: string) => number): boolean {
  return weightedShare(side, t => c.stems.has(t), idf) >= 0.5
}

/** The terms of what is asked about: X of "What is X?" when the question has words besides it, else the asking sentence's after a scene ({@link QuestionShape.focus}) */
function askedTerms (shape: QuestionShape, terms: readonly string[]): string[] | undefined {
  return shape.kinds.has('definition') && shape.subject.length < terms.length ? shape.subject : shape.focus
}

/** The idf-weighted share of `terms` for which `has` holds */
function weightedShare (terms: readonly string[], has: (t: string) => boolean, idf: (t: string) => number): number {
  let found = 0
  let total = 0
  for (const t of terms) {
    total += idf(t)
    if (has(t)) found += idf(t)
  }
  return total === 0 ? 0 : found / total
}

/** Whether most letters of a sentence (of 4 words or more) are capitals: a header or a form, not prose */
export function isShouted (text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? []
  if (letters.length < 20 || text.split(/\s+/).length < 4) return false
  return letters.filter(ch => ch !== ch.toLowerCase()).length / letters.length >= SHOUTED_SHARE
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

/** Whether a sentence may appear in an answer at all (a short one only when it answers its heading: "Yes.") */
function isUsable (c: Candidate, answersHeading = false): boolean {
  if (!ANSWERABLE_KINDS.has(c.span.kind)) return false
  if (META.test(plainText(c.span.text, c.style))) return false
  // link-only lines: drop links and URLs entirely and see what is left
  const bare = c.span.text.replace(/!?\[[^\]]*\]\([^)]*\)/g, ' ').replace(/\b(https?|ipfs):\/\/\S+/g, ' ')
  return (bare.match(/[\p{L}\p{N}]+/gu) ?? []).length >= (answersHeading ? 1 : 3)
}

/** F1 of a heading's content terms against the question's: 1 when the heading asks exactly the question */
function headingF1 (heading: string, terms: readonly string[]): number {
  const own = [...new Set(contentTerms(heading))]
  if (own.length === 0 || terms.length === 0) return 0
  const shared = own.filter(t => terms.includes(t)).length
  return shared === 0 ? 0 : 2 * shared / (own.length + terms.length)
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

/**
 * A quoted sentence as readable answer text: markup removed (link text kept,
 * targets, emphasis, tags and escapes dropped) and line breaks joined, with
 * words hyphenated across OCR line breaks put back together. The quote itself
 * stays the exact source; this is only what people read.
 */
export function plainText (source: string, style: TextStyle = { markup: true, wrapped: false }): string {
  return readableText(source, { ...style, wrapped: true })
}
