/**
 * The named features the answer model reads for each candidate sentence:
 * how much of the question it and its passage hold (idf-weighted), whether
 * it holds the question's constraints (numbers, dates, names, quoted
 * strings), whether it carries what the question asks for (a number for "how
 * much", a date for "when", a person for "who", a reason for "why", a
 * definition for "what is", a step for "how do I"), how its heading matches,
 * where retrieval ranked its passage, and how it reads (length, a lead-in, a
 * question, code, navigation, capitals). Each feature is a plain number; the
 * model (answer-model.ts) weighs them.
 *
 * @packageDocumentation
 */

import { askedFor, measuredTerms, contrasts, definedShare, givesReason, leansOnPrevious, hasDate, refersBack, hasFigure, isStep, newName, typedNear, wantsDate, wantsPerson } from './answer-kinds.js'
import { passageTerms } from '../passage-terms.js'
import { constraintTerms } from './constraint-terms.js'
import type { Candidate, CandidateSet } from './sentence-candidates.js'
import type { SearchResult } from '../../indexes/index.js'

/** The features, in the order of a feature vector */
export const SENTENCE_FEATURES = Object.freeze([
  'coverage', 'coverageShare', 'localCoverage', 'windowCoverage', 'coverageTimesAsked', 'coverageWithHeadings', 'passageCoverage', 'passageCoverageShare', 'documentCoverageShare', 'measuredShare', 'hasAsked', 'askedShare', 'hasFocus', 'focusShare',
  'constraintMissingSentence', 'constraintMissingPassage', 'constraintMissingDocument', 'constraintUnknown', 'knownShare', 'bestPassageCoverage', 'questionTerms',
  'wantsNumber', 'numberFit', 'wantsDate', 'dateFit', 'wantsPerson', 'personFit', 'wantsReason', 'reasonFit',
  'wantsDefinition', 'definitionFit', 'wantsSteps', 'stepFit', 'comparisonFit',
  'typedNear', 'rank', 'retrievalScore', 'pagePassages', 'pageScore', 'position', 'headingMatch', 'sectionMatch',
  'logWords', 'short', 'long', 'leadIn', 'question', 'code', 'navigation', 'shouted', 'listItem', 'fragment'
] as const)

/** A feature's name */
export type SentenceFeature = typeof SENTENCE_FEATURES[number]

/**
 * Sentence features that only the answerability model reads (through
 * question-features.ts); the ranker is fitted with them at 0, so its weight
 * for them is 0. A constraint missing from the passage but present in its
 * document says much about whether the corpus answers the question, little
 * about which sentence does (grouped CV with it in the ranker: fewer relevant
 * pages cited; see docs/evaluation.md).
 */
export const QUESTION_ONLY_FEATURES: readonly SentenceFeature[] = Object.freeze(['constraintMissingDocument', 'measuredShare'])

const NAVIGATION = /\b(see|refer to|check out|read|learn more|click|visit|watch)\b.{0,40}\b(blog|page|section|guide|docs?|documentation|below|above|here|link|video|tutorial|article)\b|\b(described|explained|covered|listed|shown|discussed)\s+(below|above|later|in the .{0,40}section)\b|^\W*(to\s+)?(learn|read|find out|see)\s+more\b/i

/** What is known of the question, computed once for all its candidates */
interface QuestionSignals {
  constraints: string[]
  /** What a figure question measures, when it names it (measuredTerms with `all`) */
  measured: string[]
  constraintUnknown: number
  knownShare: number
  asked: string[]
  passageStems: Array<ReadonlySet<string>>
  /** The question's terms each passage lacks that its whole document holds elsewhere (none when the index's chunks are not at hand) */
  documentStems: Array<ReadonlySet<string>>
  passageCoverage: number[]
  /** The idf-weighted share of the question's terms each passage's whole document holds */
  documentCoverage: number[]
  bestDocumentCoverage: number
  bestPassageCoverage: number
  scores: number[]
  /** idf over the candidate sentences themselves, the question's asking sentence counting double: what tells this question's sentences apart */
  localWeight: (t: string) => number
  /** Stems of the sentences just before and after a candidate in its passage */
  neighbourStems: (c: Candidate) => Set<string>
  /** Stems of the sentence just before a candidate in its passage */
  previousStems: (c: Candidate) => ReadonlySet<string>
}

/**
 * The feature vector of every candidate of a question, in
 * {@link SENTENCE_FEATURES} order; with `only`, of the candidates it keeps
 * (the others get an empty vector: the sentences that may never be quoted
 * need none), `coverageShare` still relative to the best coverage of all
 */
export function candidateFeatures (set: CandidateSet, only?: (c: Candidate) => boolean): number[][] {
  const signals = questionSignals(set)
  const rows = set.candidates.map(c => only === undefined || only(c) ? sentenceFeatures(set, c, signals) : [])
  // coverage relative to the question's best-covering sentence (of all, quotable or not): what ranks sentences within one question
  const at = SENTENCE_FEATURES.indexOf('coverage')
  const coverage = set.candidates.map((c, i) => rows[i]?.[at] ?? coverageOf(set, c))
  const best = Math.max(0, ...coverage)
  for (const r of rows) if (r.length > 0) r[at + 1] = best > 0 ? (r[at] ?? 0) / best : 0
  return rows
}

/** The idf-weighted share of the question's terms a sentence holds (feature `coverage`) */
function coverageOf (set: CandidateSet, c: Candidate): number {
  return share(set.terms, t => c.stems.has(t), set.weight, set.totalWeight)
}

function questionSignals (set: CandidateSet): QuestionSignals {
  const { terms, shape, contexts, weight, totalWeight, stats } = set
  const constraints = constraintTerms(set.question).filter(t => terms.includes(t))
  const known = stats === undefined ? 1 : share(terms, t => stats.df(t) > 0, weight, totalWeight)
  const passageStems = contexts.map(r => passageTerms(r.chunk))
  const near = sentenceNear(set)
  const documentStems = contexts.map((r, i) => documentHolds(set, r, passageStems[i]!))
  const passageCoverage = passageStems.map(s => share(terms, t => s.has(t), weight, totalWeight))
  const documentCoverage = documentStems.map((s, i) => share(terms, t => passageStems[i]!.has(t) || s.has(t), weight, totalWeight))
  const asked = shape.kinds.has('definition') && shape.subject.length < terms.length ? shape.subject : (shape.focus ?? [])
  return {
    constraints,
    measured: measuredOf(set.question),
    constraintUnknown: stats === undefined || constraints.length === 0 ? 0 : constraints.filter(t => stats.df(t) === 0).length / constraints.length,
    knownShare: known,
    asked,
    passageStems,
    documentStems,
    passageCoverage,
    documentCoverage,
    bestDocumentCoverage: Math.max(0, ...documentCoverage),
    bestPassageCoverage: Math.max(0, ...passageCoverage),
    scores: contexts.map(r => r.score),
    localWeight: localWeight(set),
    neighbourStems: neighbours(near),
    previousStems: c => near(c, -1)?.stems ?? new Set()
  }
}

function sentenceFeatures (set: CandidateSet, c: Candidate, q: QuestionSignals): number[] {
  const { terms, shape, weight, totalWeight } = set
  const text = c.text
  const before = refersBack(text) ? q.previousStems(c) : undefined
  const around = (t: string): boolean => c.stems.has(t) || c.headingStems.has(t) || c.titleStems.has(t) || (before?.has(t) ?? false)
  const passage = q.passageStems[c.ctx] ?? new Set<string>()
  const neighbours = q.neighbourStems(c)
  const words = text.split(/\s+/).filter(w => w !== '').length
  const kinds = shape.kinds
  // the asking sentence of a question that sets a scene first ("… is stuck in the mempool. How do I replace it?")
  const focus = shape.focus ?? []
  const whenAsked = wantsDate(set.question)
  const whoAsked = wantsPerson(set.question)
  // a missing constraint weighs its idf: a name in most of the corpus ("CIA" in CIA records) says less than a year or a rare name
  const missing = (has: (t: string) => boolean): number => q.constraints.length === 0 ? 0 : 1 - share(q.constraints, has, weight)
  const step = isStep(text, c.span.text, c.span.kind === 'list')
  const f: Record<SentenceFeature, number> = {
    coverage: coverageOf(set, c),
    coverageShare: 0,
    localCoverage: share(terms, t => c.stems.has(t), q.localWeight),
    windowCoverage: share(terms, t => c.stems.has(t) || neighbours.has(t), weight, totalWeight),
    coverageTimesAsked: share(terms, t => c.stems.has(t), weight, totalWeight) * (q.asked.length === 0 ? 1 : share(q.asked, t => c.stems.has(t) || c.headingStems.has(t), weight)),
    coverageWithHeadings: share(terms, around, weight, totalWeight),
    passageCoverage: q.passageCoverage[c.ctx] ?? 0,
    passageCoverageShare: q.bestPassageCoverage > 0 ? (q.passageCoverage[c.ctx] ?? 0) / q.bestPassageCoverage : 0,
    measuredShare: q.measured.length === 0 ? 0 : q.measured.filter(t => around(t) || neighbours.has(t)).length / q.measured.length,
    documentCoverageShare: q.bestDocumentCoverage > 0 ? (q.documentCoverage[c.ctx] ?? 0) / q.bestDocumentCoverage : 0,
    hasAsked: q.asked.length === 0 ? 0 : 1,
    askedShare: q.asked.length === 0 ? 0 : share(q.asked, t => c.stems.has(t) || c.headingStems.has(t), weight),
    hasFocus: focus.length === 0 ? 0 : 1,
    focusShare: focus.length === 0 ? 0 : share(focus, t => c.stems.has(t), q.localWeight),
    constraintMissingSentence: missing(around),
    constraintMissingPassage: missing(t => passage.has(t)),
    constraintMissingDocument: missing(t => passage.has(t) || (q.documentStems[c.ctx]?.has(t) ?? false)),
    constraintUnknown: q.constraintUnknown,
    knownShare: q.knownShare,
    bestPassageCoverage: q.bestPassageCoverage,
    questionTerms: Math.log(1 + terms.length),
    wantsNumber: kinds.has('quantity') ? 1 : 0,
    numberFit: kinds.has('quantity') ? (hasFigure(text) ? 1 : -1) : 0,
    wantsDate: whenAsked ? 1 : 0,
    dateFit: whenAsked ? (hasDate(text) ? 1 : -1) : 0,
    wantsPerson: whoAsked ? 1 : 0,
    personFit: whoAsked ? (newName(text, terms) ? 1 : -1) : 0,
    wantsReason: kinds.has('reason') ? 1 : 0,
    reasonFit: kinds.has('reason') ? (givesReason(text) ? 1 : -1) : 0,
    wantsDefinition: kinds.has('definition') ? 1 : 0,
    definitionFit: kinds.has('definition') ? definedShare(text, shape.subject) : 0,
    wantsSteps: kinds.has('procedure') ? 1 : 0,
    stepFit: kinds.has('procedure') ? (step ? 1 : -1) : 0,
    comparisonFit: shape.sides !== undefined ? (shape.sides.filter(side => share(side, t => c.stems.has(t), weight) >= 0.5).length / 2) * (contrasts(text) ? 1 : 0.5) : 0,
    typedNear: kinds.has('quantity') || whenAsked || whoAsked ? (typedNear(text, terms, q.constraints, kinds.has('quantity') ? 'number' : whenAsked ? 'date' : 'name') ? 1 : -1) : 0,
    rank: 1 / (c.ctx + 1),
    retrievalScore: relativeScore(q.scores, c.ctx),
    pagePassages: set.contexts.filter(r => r.chunk.path === set.contexts[c.ctx]?.chunk.path).length / set.contexts.length,
    pageScore: pageScoreShare(set, c.ctx),
    position: c.index / Math.max(1, (set.spans[c.ctx]?.length ?? 1) - 1),
    headingMatch: 0.5 * terms.filter(t => c.titleStems.has(t) || c.headingStems.has(t)).length / Math.max(1, terms.length) + 0.5 * precision(c.headingStems, shape.subject),
    sectionMatch: f1(c.headingStems, terms),
    logWords: Math.log(1 + words),
    short: words < 6 ? 1 : 0,
    long: words > 60 ? 1 : 0,
    leadIn: text.endsWith(':') ? 1 : 0,
    question: text.endsWith('?') ? 1 : 0,
    code: (c.span.text.match(/`[^`]*`/g) ?? []).join('').length > c.span.text.length / 2 ? 1 : 0,
    navigation: NAVIGATION.test(text) ? 1 : 0,
    shouted: isShouted(text) ? 1 : 0,
    listItem: c.span.kind === 'list' ? 1 : 0,
    fragment: leansOnPrevious(text) ? 1 : 0
  }
  return SENTENCE_FEATURES.map(name => f[name])
}

/** idf over the question's candidate sentences */
function localWeight (set: CandidateSet): (t: string) => number {
  const df = new Map<string, number>()
  for (const c of set.candidates) for (const t of c.stems) df.set(t, (df.get(t) ?? 0) + 1)
  const n = set.candidates.length
  return t => Math.log(1 + n / ((df.get(t) ?? 0) + 0.5))
}

/** What a figure question measures when it names it ("how many storage providers" → storage, provider; `measuredTerms` with `all`), else nothing */
function measuredOf (question: string): string[] {
  const asked = askedFor(question)
  if (asked?.kind !== 'number') return []
  const m = measuredTerms(question, asked)
  return m.all ? m.terms : []
}

/** The candidate `offset` sentences from a candidate in its passage, if any */
function sentenceNear (set: CandidateSet): (c: Candidate, offset: number) => Candidate | undefined {
  const at = new Map(set.candidates.map(c => [`${c.ctx}:${c.index}`, c]))
  return (c, offset) => at.get(`${c.ctx}:${c.index + offset}`)
}

/** The stems of a candidate's neighbours (the sentences before and after it in its passage) */
function neighbours (near: ReturnType<typeof sentenceNear>): (c: Candidate) => Set<string> {
  return c => new Set([...(near(c, -1)?.stems ?? []), ...(near(c, 1)?.stems ?? [])])
}

/** The question's terms a passage lacks that its whole document holds elsewhere (none without the index's chunks) */
function documentHolds (set: CandidateSet, result: SearchResult, passage: ReadonlySet<string>): ReadonlySet<string> {
  const lacking = set.terms.filter(t => !passage.has(t))
  return (lacking.length === 0 ? undefined : set.stats?.documentTerms?.(result.chunk, lacking)) ?? new Set()
}

/** The weighted share of `terms` for which `has` holds (of `total` when given, else of their own weight) */
export function share (terms: readonly string[], has: (t: string) => boolean, weight: (t: string) => number, total?: number): number {
  let found = 0
  let all = 0
  for (const t of terms) {
    const w = weight(t)
    all += w
    if (has(t)) found += w
  }
  const denominator = total ?? all
  return denominator > 0 ? found / denominator : 0
}

/** A result's retrieval score relative to the best and worst of the contexts (1 = best) */
function relativeScore (scores: readonly number[], i: number): number {
  const max = Math.max(...scores)
  const min = Math.min(...scores)
  return max === min ? 1 : ((scores[i] ?? min) - min) / (max - min)
}

/** Share of a heading's terms that are `terms` */
function precision (heading: ReadonlySet<string>, terms: readonly string[]): number {
  if (heading.size === 0) return 0
  let n = 0
  for (const t of heading) if (terms.includes(t)) n++
  return n / heading.size
}

/** F1 of a heading's terms against the question's: 1 when the heading asks exactly the question */
function f1 (heading: ReadonlySet<string>, terms: readonly string[]): number {
  if (heading.size === 0 || terms.length === 0) return 0
  let shared = 0
  for (const t of heading) if (terms.includes(t)) shared++
  return shared === 0 ? 0 : 2 * shared / (heading.size + terms.length)
}

/** Whether most letters of a sentence (of 4 words or more) are capitals: a header or a form, not prose */
export function isShouted (text: string): boolean {
  const letters = text.replace(NOT_LETTER, '').length
  if (letters < 20 || text.split(/\s+/).length < 4) return false
  return text.replace(NOT_CAPITAL, '').length / letters >= 0.6
}

const NOT_LETTER = /\P{L}+/gu
const NOT_CAPITAL = /[^\p{Lu}\p{Lt}]+/gu

/** The share of the retrieval scores of all passages held by passages of the same page as passage `ctx` */
function pageScoreShare (set: CandidateSet, ctx: number): number {
  const path = set.contexts[ctx]?.chunk.path
  let mine = 0
  let all = 0
  for (const r of set.contexts) {
    const score = Math.max(0, r.score)
    all += score
    if (r.chunk.path === path) mine += score
  }
  return all > 0 ? mine / all : 0
}
