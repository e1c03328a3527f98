/**
 * Scoring a model on questions: answer each with the extractive answerer
 * and the given model, and measure what `eval qa` measures (relevant page
 * cited, abstained) plus the question's answerability score, for AUROC.
 */

import { extractiveAnswer, QUESTION_FEATURES, SENTENCE_FEATURES } from '../../agent/index.js'
import type { AnswerModel } from '../../agent/index.js'
import type { Example } from './examples.js'
import type { Fit } from './logistic.js'

/** One question's outcome */
export interface Outcome {
  id: string
  set: string
  role: Example['item']['role']
  abstained: boolean
  /** A citation points at a relevant page (answerable questions) */
  relevantCited: boolean
  /** The answer model's best sentence probability (0 when the gate closed) */
  score: number
  evidenceInContext: boolean
  partial: boolean
  /** Rank (0-based) of the first passage from a relevant page, -1 when none was retrieved */
  relevantRank: number
  /** The quoted sentences, each with the page it comes from (for `--dump`) */
  quoted: Array<{ path: string, text: string }>
}

/** Two fits and a threshold as an {@link AnswerModel} */
export function asModel (ranker: Fit, answerability: Fit, abstainBelow: number, training?: Record<string, unknown>): AnswerModel {
  return {
    id: 'quarry-answerer',
    version: 1,
    ranker: { features: [...SENTENCE_FEATURES], ...ranker },
    answerability: { features: [...QUESTION_FEATURES], ...answerability },
    abstainBelow,
    ...(training !== undefined ? { training } : {})
  }
}

/** Answer each example with `model` and record the outcome */
export function evaluate (model: AnswerModel, examples: readonly Example[]): Outcome[] {
  return examples.map(e => {
    const draft = extractiveAnswer(e.item.question, e.results, { maxContexts: e.results.length, model, ...(e.stats !== undefined ? { stats: e.stats } : {}) })
    return {
      id: e.item.id,
      set: e.item.set,
      role: e.item.role,
      abstained: draft.abstained,
      relevantCited: !draft.abstained && draft.citations.some(c => e.item.relevant.includes(c.path)),
      score: draft.answerability ?? 0,
      evidenceInContext: e.evidenceInContext,
      partial: (draft.unstated?.length ?? 0) > 0 || draft.unstatedAsked !== undefined,
      relevantRank: e.results.findIndex(r => e.item.relevant.includes(r.chunk.path)),
      quoted: draft.sentences.map(s => ({ path: draft.citations[(s.citations[0] ?? 1) - 1]?.path ?? '', text: s.text }))
    }
  })
}

/**
 * The abstention threshold: the highest that abstains on at most
 * `maxAnswerableAbstained` of the answerable questions (an answer the corpus
 * gives must not be refused), which abstains on as many unanswerable ones
 * (real, off-topic and generated) as that allows
 */
export function chooseThreshold (scores: ReadonlyArray<{ score: number, answerable: boolean }>, maxAnswerableAbstained: number): number {
  const pos = scores.filter(s => s.answerable).map(s => s.score).sort((a, b) => a - b)
  const allowed = Math.floor(pos.length * maxAnswerableAbstained)
  // midway between the last answerable score allowed to fall below and the next
  const below = pos[allowed - 1]
  const at = pos[allowed] ?? 0
  return below === undefined ? Math.max(0, at - 1e-6) : (below + at) / 2
}
