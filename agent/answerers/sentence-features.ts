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

import { contentTerms } from '../relevance.js'
import { readableChunkText } from '../../indexes/index.js'
import type { Candidate, CandidateSet } from './sentence-candidates.js'

/** The features, in the order of a feature vector */
export const SENTENCE_FEATURES = Object.freeze([
  'coverage', 'coverageShare', 'localCoverage', 'windowCoverage', 'coverageTimesAsked', 'coverageWithHeadings', 'passageCoverage', 'passageCoverageShare', 'hasAsked', 'askedShare', 'hasFocus', 'focusShare',
  'constraintMissingSentence', 'constraintMissingPassage', 'constraintUnknown', 'knownShare', 'bestPassageCoverage',
  'wantsNumber', 'numberFit', 'wantsDate', 'dateFit', 'wantsPerson', 'personFit', 'wantsReason', 'reasonFit',
  'wantsDefinition', 'definitionFit', 'wantsSteps', 'stepFit', 'comparisonFit',
  'typedNear', 'rank', 'retrievalScore', 'position', 'headingMatch', 'sectionMatch',
  'logWords', 'short', 'long', 'leadIn', 'question', 'code', 'navigation', 'shouted', 'listItem', 'fragment'
] as const)

/** A feature's name */
export type SentenceFeature = typeof SENTENCE_FEATURES[number]

const DEFINITION_VERB = /\b(is|are|was|were|refers? to|means|describes|consists? of)\b/i
const NAVIGATION = /\b(see|refer to|check out|read|learn more|click|visit|watch)\b.{0,40}\b(blog|page|section|guide|docs?|documentation|below|above|here|link|video|tutorial|article)\b|\b(described|explained|covered|listed|shown|discussed)\s+(below|above|later|in the .{0,40}section)\b|^\W*(to\s+)?(learn|read|find out|see)\s+more\b/i
const ANAPHOR_START = /^(this|that|these|those|it|its|they|their|them|such|the latter|the former|however|but|also|as before|as such|in addition|therefore|thus|otherwise|then|here)\b/i
const LOWERCASE_START = /^\p{Ll}/u
const DIGIT = /\d/
const NUMBER_WORD = /\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred|thousand|million|billion|half|quarter|dozen|once|twice|daily|weekly|monthly|hourly|annually)\b/i
const DATE = /\b(1[6-9]\d\d|20\d\d)\b|\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\.?\s+\d{1,2}\b|\b\d{1,2}\s+(jan(uary)?|feb(ruary)?|march|april|may|june|july|aug(ust)?|sep(tember)?|oct(ober)?|nov(ember)?|dec(ember)?)\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/i
const REASON = /\b(because|since|so that|so as to|in order to|to (ensure|prevent|avoid|allow|make sure|guarantee|keep|protect|reduce|incentivi[sz]e)|due to|as a result|therefore|thus|otherwise|which means|this means|prevents?|ensures?|allows?|incentivi[sz]es?|reason|risk)\b/i
const IMPERATIVE = /^\W*(run|use|open|click|select|enter|set|install|add|create|go|navigate|type|copy|paste|download|connect|choose|call|send|make|configure|start|stop|restart|check|replace|execute|build|import|switch|visit|follow|ensure|update|upgrade|back up|wait|sign|edit|save|fill|generate)\b/i
const CONTRAST = /\b(whereas|while|unlike|but|however|instead|in contrast|on the other hand|rather than|differs?|different|differences?|compared (to|with)|as opposed to|only|not)\b/i
const WANTS_DATE = /^\s*when\b|\b(what|which)\s+(year|date|day|month|time)\b|\bin what year\b|\bsince when\b/i
const WANTS_PERSON = /^\s*who\b|\bwho\s+(was|is|were|are|did|had|has|wrote|sent|found|signed|said|told|interviewed|reported)\b|\b(which|what)\s+(person|official|officer|agent|employee|man|woman|people|individuals?)\b|\bwhose\b/i
/** A capitalised word (a name) after the first word of a sentence */
const NAME_WORD = /(?<=\S\s+)\p{Lu}[\p{Ll}'’-]+/gu

/** What is known of the question, computed once for all its candidates */
interface QuestionSignals {
  constraints: string[]
  constraintUnknown: number
  knownShare: number
  asked: string[]
  passageStems: Array<Set<string>>
  passageCoverage: number[]
  bestPassageCoverage: number
  scores: number[]
  /** idf over the candidate sentences themselves, the question's asking sentence counting double: what tells this question's sentences apart */
  localWeight: (t: string) => number
  /** Stems of the sentences just before and after a candidate in its passage */
  neighbourStems: (c: Candidate) => Set<string>
}

/**
 * The constraint terms of a question (stemmed): numbers and years, the
 * words of quoted strings, and capitalised words or acronyms after its first
 * word — what an answer must hold for it to be this question's answer and
 * not a neighbour's ("the closing price of FIL on January 1, 2024")
 */
export function constraintTerms (question: string): string[] {
  const out = new Set<string>()
  for (const m of question.matchAll(/["“”‘’']([^"“”‘’']{2,80})["“”‘’']/g)) for (const t of contentTerms(m[1] ?? '')) out.add(t)
  const words = question.trim().split(/\s+/)
  words.forEach((w, i) => {
    const bare = w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
    if (bare === '') return
    if (/\d/.test(bare) || (i > 0 && /^\p{Lu}/u.test(bare))) for (const t of contentTerms(bare)) out.add(t)
  })
  return [...out]
}

/** The feature vector of every candidate of a question, in {@link SENTENCE_FEATURES} order */
export function candidateFeatures (set: CandidateSet): number[][] {
  const signals = questionSignals(set)
  const rows = set.candidates.map(c => sentenceFeatures(set, c, signals))
  // coverage relative to the question's best-covering sentence: what ranks sentences within one question
  const at = SENTENCE_FEATURES.indexOf('coverage')
  const best = Math.max(0, ...rows.map(r => r[at] ?? 0))
  for (const r of rows) r[at + 1] = best > 0 ? (r[at] ?? 0) / best : 0
  return rows
}

function questionSignals (set: CandidateSet): QuestionSignals {
  const { terms, shape, contexts, weight, totalWeight, stats } = set
  const constraints = constraintTerms(set.question).filter(t => terms.includes(t))
  const known = stats === undefined ? 1 : share(terms, t => stats.df(t) > 0, weight, totalWeight)
  const passageStems = contexts.map(r => new Set(contentTerms([r.chunk.title, ...(r.chunk.headings ?? []), readableChunkText(r.chunk)].join('\n'))))
  const passageCoverage = passageStems.map(s => share(terms, t => s.has(t), weight, totalWeight))
  const asked = shape.kinds.has('definition') && shape.subject.length < terms.length ? shape.subject : (shape.focus ?? [])
  return {
    constraints,
    constraintUnknown: stats === undefined || constraints.length === 0 ? 0 : constraints.filter(t => stats.df(t) === 0).length / constraints.length,
    knownShare: known,
    asked,
    passageStems,
    passageCoverage,
    bestPassageCoverage: Math.max(0, ...passageCoverage),
    scores: contexts.map(r => r.score),
    localWeight: localWeight(set),
    neighbourStems: neighbours(set)
  }
}

function sentenceFeatures (set: CandidateSet, c: Candidate, q: QuestionSignals): number[] {
  const { terms, shape, weight, totalWeight } = set
  const text = c.text
  const around = (t: string): boolean => c.stems.has(t) || c.headingStems.has(t) || c.titleStems.has(t)
  const passage = q.passageStems[c.ctx] ?? new Set<string>()
  const neighbours = q.neighbourStems(c)
  const words = text.split(/\s+/).filter(w => w !== '').length
  const kinds = shape.kinds
  // the asking sentence of a question that sets a scene first ("… is stuck in the mempool. How do I replace it?")
  const focus = shape.focus ?? []
  const hasNumber = DIGIT.test(text.replace(/\[\d+\]/g, '')) || NUMBER_WORD.test(text)
  const wantsDate = WANTS_DATE.test(set.question)
  const wantsPerson = WANTS_PERSON.test(set.question)
  const missing = (has: (t: string) => boolean): number => q.constraints.length === 0 ? 0 : q.constraints.filter(t => !has(t)).length / q.constraints.length
  const step = c.span.kind === 'list' || IMPERATIVE.test(text) || /`[^`]+`/.test(c.span.text)
  const f: Record<SentenceFeature, number> = {
    coverage: share(terms, t => c.stems.has(t), weight, totalWeight),
    coverageShare: 0,
    localCoverage: share(terms, t => c.stems.has(t), q.localWeight),
    windowCoverage: share(terms, t => c.stems.has(t) || neighbours.has(t), weight, totalWeight),
    coverageTimesAsked: share(terms, t => c.stems.has(t), weight, totalWeight) * (q.asked.length === 0 ? 1 : share(q.asked, t => c.stems.has(t) || c.headingStems.has(t), weight)),
    coverageWithHeadings: share(terms, around, weight, totalWeight),
    passageCoverage: q.passageCoverage[c.ctx] ?? 0,
    passageCoverageShare: q.bestPassageCoverage > 0 ? (q.passageCoverage[c.ctx] ?? 0) / q.bestPassageCoverage : 0,
    hasAsked: q.asked.length === 0 ? 0 : 1,
    askedShare: q.asked.length === 0 ? 0 : share(q.asked, t => c.stems.has(t) || c.headingStems.has(t), weight),
    hasFocus: focus.length === 0 ? 0 : 1,
    focusShare: focus.length === 0 ? 0 : share(focus, t => c.stems.has(t), q.localWeight),
    constraintMissingSentence: missing(around),
    constraintMissingPassage: missing(t => passage.has(t)),
    constraintUnknown: q.constraintUnknown,
    knownShare: q.knownShare,
    bestPassageCoverage: q.bestPassageCoverage,
    wantsNumber: kinds.has('quantity') ? 1 : 0,
    numberFit: kinds.has('quantity') ? (hasNumber ? 1 : -1) : 0,
    wantsDate: wantsDate ? 1 : 0,
    dateFit: wantsDate ? (DATE.test(text) ? 1 : -1) : 0,
    wantsPerson: wantsPerson ? 1 : 0,
    personFit: wantsPerson ? (newName(text, terms) ? 1 : -1) : 0,
    wantsReason: kinds.has('reason') ? 1 : 0,
    reasonFit: kinds.has('reason') ? (REASON.test(text) ? 1 : -1) : 0,
    wantsDefinition: kinds.has('definition') ? 1 : 0,
    definitionFit: kinds.has('definition') ? definedShare(text, shape.subject) : 0,
    wantsSteps: kinds.has('procedure') ? 1 : 0,
    stepFit: kinds.has('procedure') ? (step ? 1 : -1) : 0,
    comparisonFit: shape.sides !== undefined ? (shape.sides.filter(side => share(side, t => c.stems.has(t), weight) >= 0.5).length / 2) * (contrasts(text) ? 1 : 0.5) : 0,
    typedNear: kinds.has('quantity') || wantsDate || wantsPerson ? (typedNear(text, terms, q.constraints, kinds.has('quantity') ? 'number' : wantsDate ? 'date' : 'name') ? 1 : -1) : 0,
    rank: 1 / (c.ctx + 1),
    retrievalScore: relativeScore(q.scores, c.ctx),
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
    fragment: LOWERCASE_START.test(text) || ANAPHOR_START.test(text) ? 1 : 0
  }
  return SENTENCE_FEATURES.map(name => f[name])
}

/** Whether a sentence sets two things against each other ("whereas", "unlike", "instead", "only", "not") */
export function contrasts (text: string): boolean {
  return CONTRAST.test(text)
}

/** Words either side of a question term within which the answer's number, date or name must stand */
const NEAR_WORDS = 5

/**
 * Whether the sentence holds the kind of answer asked for (a number, a date,
 * a name) within {@link NEAR_WORDS} words of a question term that is not one
 * of the question's own constraints: "3.51 days of … block rewards" for a
 * fee, not a number about something else in a sentence that shares words
 */
function typedNear (text: string, terms: readonly string[], constraints: readonly string[], kind: 'number' | 'date' | 'name'): boolean {
  const tokens = text.split(/\s+/).filter(w => w !== '')
  const isTerm = tokens.map(w => contentTerms(w).some(t => terms.includes(t) && !constraints.includes(t)))
  const isAnswer = tokens.map((w, i) => kind === 'number'
    ? /\d/.test(w) || NUMBER_WORD.test(w)
    : kind === 'date' ? DATE.test(tokens.slice(Math.max(0, i - 1), i + 2).join(' ')) : i > 0 && /^\p{Lu}\p{Ll}/u.test(w) && !isTerm[i])
  for (let i = 0; i < tokens.length; i++) {
    if (isAnswer[i] !== true || (kind === 'number' && contentTerms(tokens[i] ?? '').some(t => constraints.includes(t)))) continue
    for (let j = Math.max(0, i - NEAR_WORDS); j <= Math.min(tokens.length - 1, i + NEAR_WORDS); j++) if (j !== i && isTerm[j] === true) return true
  }
  return false
}

/** idf over the question's candidate sentences */
function localWeight (set: CandidateSet): (t: string) => number {
  const df = new Map<string, number>()
  for (const c of set.candidates) for (const t of c.stems) df.set(t, (df.get(t) ?? 0) + 1)
  const n = set.candidates.length
  return t => Math.log(1 + n / ((df.get(t) ?? 0) + 0.5))
}

/** The stems of a candidate's neighbours (the sentences before and after it in its passage) */
function neighbours (set: CandidateSet): (c: Candidate) => Set<string> {
  const at = new Map(set.candidates.map(c => [`${c.ctx}:${c.index}`, c]))
  return c => new Set([...(at.get(`${c.ctx}:${c.index - 1}`)?.stems ?? []), ...(at.get(`${c.ctx}:${c.index + 1}`)?.stems ?? [])])
}

/** The weighted share of `terms` for which `has` holds */
function share (terms: readonly string[], has: (t: string) => boolean, weight: (t: string) => number, total?: number): number {
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

/** Whether a sentence names someone the question does not (a capitalised word after its first, not a question term) */
function newName (text: string, terms: readonly string[]): boolean {
  for (const m of text.matchAll(NAME_WORD)) {
    const t = contentTerms(m[0])[0]
    if (t !== undefined && !terms.includes(t)) return true
  }
  return false
}

/** A sentence that opens with a subordinate clause ("When a sector is added …") does not define its first noun */
const SUBORDINATE_START = /^\W*(when|whenever|if|while|because|although|though|as|since|once|after|before|until|unless|whether|where)\b/i

/**
 * How well a sentence defines the subject ("A storage provider is …",
 * "Sectors are …"): the share of the subject's terms among the words before
 * its verb when those are the subject's only, half that with one other word,
 * else 0
 */
function definedShare (text: string, subject: readonly string[]): number {
  const verb = DEFINITION_VERB.exec(text)
  if (verb === null || verb.index > 80 || subject.length === 0 || SUBORDINATE_START.test(text)) return 0
  const own = new Set(contentTerms(text.slice(0, verb.index)))
  const held = subject.filter(t => own.has(t)).length / subject.length
  const extra = [...own].filter(t => !subject.includes(t)).length
  return held === 0 ? 0 : extra === 0 ? held : extra === 1 ? held / 2 : 0
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
  const letters = text.match(/\p{L}/gu) ?? []
  if (letters.length < 20 || text.split(/\s+/).length < 4) return false
  return letters.filter(ch => ch !== ch.toLowerCase()).length / letters.length >= 0.6
}
