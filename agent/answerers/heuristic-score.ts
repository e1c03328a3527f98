/**
 * The hand-made sentence score Quarry's extractive answerer used before the
 * answer model (its bonuses and penalties were chosen by hand on the
 * Filecoin dev sets). It is now ONE feature of the sentence ranker
 * (`heuristicScore`), weighed by training like any other, so the model keeps
 * what it knows about definitions, focus after a scene, headings that ask the
 * question and kinds of answers, and cross-validation shows what it is worth
 * (bench/answerer/README.md reports the ranker with and without it).
 *
 * @packageDocumentation
 */

import type { Candidate, CandidateSet } from './sentence-candidates.js'

const RANK_BONUS = 0.3
const HEADING_BONUS = 0.25
const DEFINITION_BONUS = 0.25
const SHORT_PENALTY = 0.5
const SHORT_WORDS = 6
const LONG_PENALTY = 0.8
const LONG_WORDS = 60
const LEAD_IN_PENALTY = 0.7
const QUESTION_PENALTY = 0.3
const CODE_PENALTY = 0.5
const NAVIGATION_PENALTY = 0.5
const SHOUTED_PENALTY = 0.6
const LIST_PENALTY = 0.9
const NUMBER_BONUS = 0.2
const NO_NUMBER_PENALTY = 0.6
const STEP_BONUS = 0.1
const REASON_BONUS = 0.15
const BOTH_SIDES_BONUS = 0.15
const SECTION_MATCH = 0.6
const SECTION_BONUS = 0.6
const SUBJECT_FLOOR = 0.5
const FOCUS_WEIGHT = 2

/** What the heuristic needs of a candidate beyond the candidate itself, computed by sentence-features.ts */
export interface HeuristicInputs {
  /** Share of the question's terms in the title and headings, averaged with the nearest heading's precision */
  headingMatch: number
  /** F1 of the nearest heading's terms against the question's */
  section: number
  /** Shares (0–1) of the subject's terms in the sentence's defining subject */
  definedShare: number
  hasNumber: boolean
  isStep: boolean
  hasReason: boolean
  /** Names both sides of a comparison and sets them apart */
  bothSides: boolean
  navigation: boolean
  shouted: boolean
  code: boolean
}

/**
 * The old hand-made score of a sentence: idf-weighted coverage of the
 * question (idf over the candidates, the asking sentence doubled) plus
 * bonuses for rank, headings and a fit to the question's kind, times
 * penalties for short, long, lead-in, question, code, navigation, shouted
 * and list sentences
 */
export function heuristicScore (set: CandidateSet, c: Candidate, local: (t: string) => number, x: HeuristicInputs): number {
  const { terms, shape } = set
  const focus = new Set(shape.focus ?? [])
  const idf = (t: string): number => local(t) * (focus.has(t) ? FOCUS_WEIGHT : 1)
  const answersHeading = x.section >= SECTION_MATCH
  const words = c.text.split(/\s+/).length
  let coverage = 0
  let total = 0
  for (const t of terms) { total += idf(t); if (c.stems.has(t)) coverage += idf(t) }
  if (terms.length > 0 && coverage === 0 && !answersHeading) return 0
  let score = total > 0 ? coverage / total : 0
  score += RANK_BONUS / (c.ctx + 1) + HEADING_BONUS * x.headingMatch
  if (answersHeading) score += SECTION_BONUS * x.section
  const kinds = shape.kinds
  if (kinds.has('definition')) score += DEFINITION_BONUS * x.definedShare
  const asked = kinds.has('definition') && shape.subject.length < terms.length ? shape.subject : shape.focus
  if (asked !== undefined) {
    let found = 0
    let all = 0
    for (const t of asked) { all += idf(t); if (c.stems.has(t) || c.headingStems.has(t)) found += idf(t) }
    score *= SUBJECT_FLOOR + (1 - SUBJECT_FLOOR) * (all > 0 ? found / all : 0)
  }
  if (kinds.has('quantity')) score = x.hasNumber ? score + NUMBER_BONUS : score * NO_NUMBER_PENALTY
  if (kinds.has('procedure') && x.isStep) score += STEP_BONUS
  if (kinds.has('reason') && x.hasReason) score += REASON_BONUS
  if (x.bothSides) score += BOTH_SIDES_BONUS
  if (words < SHORT_WORDS && !answersHeading) score *= SHORT_PENALTY
  if (words > LONG_WORDS) score *= LONG_PENALTY
  if (c.text.endsWith(':') && !kinds.has('procedure')) score *= LEAD_IN_PENALTY
  if (c.text.endsWith('?')) score *= QUESTION_PENALTY
  if (x.code && !kinds.has('procedure')) score *= CODE_PENALTY
  if (x.navigation) score *= NAVIGATION_PENALTY
  if (x.shouted) score *= SHOUTED_PENALTY
  if (c.span.kind === 'list' && !kinds.has('procedure')) score *= LIST_PENALTY
  return score
}
