/**
 * The named features of a question as a whole, read by the answerability
 * half of the answer model: how strongly the best sentence answers (the
 * sentence ranker's logit, and its lead over the runner-up), how much of the
 * question the index knows at all, whether the question's constraints (a
 * year, a name, a figure) appear in the corpus, in any passage, in the best
 * sentence, and whether that sentence carries what the question asks for.
 *
 * @packageDocumentation
 */

import { SENTENCE_FEATURES } from './sentence-features.js'
import type { SentenceFeature } from './sentence-features.js'

/** The question features, in the order of a feature vector */
export const QUESTION_FEATURES = Object.freeze([
  'bestSentence', 'leadOverRunnerUp', 'knownShare', 'constraintUnknown', 'constraintMissingPassages', 'constraintMissingDocuments',
  'constraintMissingBest', 'bestPassageCoverage', 'bestCoverage', 'typeFitBest', 'wantsSpecific', 'typedNearBest', 'typedNearTop', 'questionTerms', 'measuredBest'
] as const)

/** A question feature's name */
export type QuestionFeature = typeof QUESTION_FEATURES[number]

const col = (name: SentenceFeature): number => SENTENCE_FEATURES.indexOf(name)
/** How many of the best-ranked sentences {@link QuestionFeature} `typedNearTop` looks at */
const TOP = 5

/** Indexes of the `n` largest logits */
function topIndexes (logits: readonly number[], n: number): number[] {
  return logits.map((z, i) => ({ z, i })).sort((a, b) => b.z - a.z).slice(0, n).map(x => x.i)
}

const FITS: readonly SentenceFeature[] = ['numberFit', 'dateFit', 'personFit', 'reasonFit', 'definitionFit', 'stepFit', 'comparisonFit']

/**
 * The question's feature vector, from its candidates' sentence features and
 * the ranker's logit for each (only sentences that may be quoted); all zeros
 * but the question-wide signals when there is none
 */
export function questionFeatures (rows: readonly (readonly number[])[], logits: readonly number[]): number[] {
  let best = -1
  for (let i = 0; i < logits.length; i++) if (best < 0 || (logits[i] ?? -Infinity) > (logits[best] ?? -Infinity)) best = i
  const top = rows[best] ?? rows[0] ?? []
  const sorted = [...logits].sort((a, b) => b - a)
  const get = (row: readonly number[], name: SentenceFeature): number => row[col(name)] ?? 0
  const f: Record<QuestionFeature, number> = {
    bestSentence: best < 0 ? -10 : Math.max(-10, logits[best] ?? -10),
    leadOverRunnerUp: sorted.length < 2 ? 0 : Math.min(5, (sorted[0] ?? 0) - (sorted[1] ?? 0)),
    knownShare: get(top, 'knownShare'),
    constraintUnknown: get(top, 'constraintUnknown'),
    constraintMissingPassages: rows.length === 0 ? 1 : Math.min(...rows.map(r => get(r, 'constraintMissingPassage'))),
    constraintMissingDocuments: rows.length === 0 ? 1 : Math.min(...rows.map(r => get(r, 'constraintMissingDocument'))),
    constraintMissingBest: best < 0 ? 1 : get(top, 'constraintMissingSentence'),
    bestPassageCoverage: get(top, 'bestPassageCoverage'),
    bestCoverage: best < 0 ? 0 : get(top, 'coverage'),
    typeFitBest: best < 0 ? 0 : FITS.reduce((sum, name) => sum + get(top, name), 0),
    wantsSpecific: get(top, 'wantsNumber') + get(top, 'wantsDate') + get(top, 'wantsPerson') > 0 ? 1 : 0,
    typedNearBest: best < 0 ? 0 : get(top, 'typedNear'),
    typedNearTop: Math.max(-1, ...topIndexes(logits, TOP).map(i => get(rows[i] ?? [], 'typedNear'))),
    questionTerms: get(top, 'questionTerms'),
    measuredBest: best < 0 ? 0 : get(top, 'measuredShare')
  }
  return QUESTION_FEATURES.map(name => f[name])
}
