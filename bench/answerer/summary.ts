/**
 * Per-set figures of answer outcomes, as `eval qa` reports them: relevant
 * page cited and abstained for answerable questions, abstained for
 * unanswerable ones, evidence in context, AUROC of the answerability score.
 */

import { auroc } from '../../eval/index.js'
import type { Outcome } from './evaluate.js'

/** Figures of one set (or of all) */
export interface SetFigures {
  questions: number
  /** Answerable: share citing a relevant page */
  relevantCited?: number
  /** Answerable: share abstained */
  answerableAbstained?: number
  /** Unanswerable, off-topic or generated: share abstained */
  abstained?: number
  /** Answerable: share whose evidence sentence was among the candidates */
  evidenceInContext?: number
  /** Answered questions marked partial (a constraint unstated, or no figure or date where one was asked for) */
  partial: number
}

/** Overall balanced figures */
export interface Overall {
  answerableRelevantCited: number
  answerableAbstained: number
  unanswerableAbstained: number
  generatedAbstained: number
}

/** Figures per set and overall */
export function summarise (outcomes: readonly Outcome[]): { perSet: Record<string, SetFigures>, overall: Overall } {
  const perSet: Record<string, SetFigures> = {}
  for (const set of [...new Set(outcomes.map(o => o.set))]) perSet[set] = figures(outcomes.filter(o => o.set === set))
  const { answerable, unanswerable, generated } = byRole(outcomes)
  return {
    perSet,
    overall: {
      answerableRelevantCited: mean(answerable.map(o => o.relevantCited)),
      answerableAbstained: mean(answerable.map(o => o.abstained)),
      unanswerableAbstained: mean(unanswerable.map(o => o.abstained)),
      generatedAbstained: mean(generated.map(o => o.abstained))
    }
  }
}

function figures (outcomes: readonly Outcome[]): SetFigures {
  const answerable = outcomes.filter(o => o.role === 'answerable')
  const others = outcomes.filter(o => o.role !== 'answerable')
  return {
    questions: outcomes.length,
    ...(answerable.length > 0
      ? { relevantCited: mean(answerable.map(o => o.relevantCited)), answerableAbstained: mean(answerable.map(o => o.abstained)), evidenceInContext: mean(answerable.map(o => o.evidenceInContext)) }
      : {}),
    ...(others.length > 0 ? { abstained: mean(others.map(o => o.abstained)) } : {}),
    partial: mean(outcomes.map(o => !o.abstained && o.partial))
  }
}

/** Print the per-set table and the overall line */
export function printSummary ({ perSet, overall }: ReturnType<typeof summarise>, all?: readonly Outcome[]): void {
  const f = (x: number | undefined): string => x === undefined ? '' : x.toFixed(3)
  process.stdout.write('| set | questions | relevant cited | answerable abstained | unanswerable abstained | evidence in context (5 + continuations) | partial |\n|---|---:|---:|---:|---:|---:|---:|\n')
  for (const [set, s] of Object.entries(perSet)) {
    process.stdout.write(`| ${set} | ${s.questions} | ${f(s.relevantCited)} | ${f(s.answerableAbstained)} | ${f(s.abstained)} | ${f(s.evidenceInContext)} | ${f(s.partial)} |\n`)
  }
  process.stdout.write(`overall: answerable relevant cited ${f(overall.answerableRelevantCited)}, answerable abstained ${f(overall.answerableAbstained)}, unanswerable+off-topic abstained ${f(overall.unanswerableAbstained)}, generated abstained ${f(overall.generatedAbstained)}`)
  if (all !== undefined) process.stdout.write(`, AUROC ${f(auroc(all.filter(o => o.role !== 'generated').map(o => ({ score: o.score, positive: o.role === 'answerable' }))))}`)
  process.stdout.write('\n')
}

/**
 * What a stricter abstention threshold (`--min-answerability`) does to the
 * CV outcomes: at each threshold, a question abstains when its CV answer
 * did or its answerability is below it (a threshold only turns answers into
 * abstentions, so only thresholds above the model's own are meaningful)
 */
export function printTradeOff (outcomes: readonly Outcome[], thresholds: readonly number[]): void {
  const { answerable, unanswerable } = byRole(outcomes)
  process.stdout.write('| min answerability | answerable relevant cited | answerable abstained | unanswerable + off-topic abstained |\n|---:|---:|---:|---:|\n')
  process.stdout.write(`| the model's own | ${mean(answerable.map(o => o.relevantCited)).toFixed(3)} | ${mean(answerable.map(o => o.abstained)).toFixed(3)} | ${mean(unanswerable.map(o => o.abstained)).toFixed(3)} |\n`)
  for (const t of thresholds) {
    const abstains = (o: Outcome): boolean => o.abstained || o.score < t
    process.stdout.write(`| ${t} | ${mean(answerable.map(o => o.relevantCited && !abstains(o))).toFixed(3)} | ${mean(answerable.map(abstains)).toFixed(3)} | ${mean(unanswerable.map(abstains)).toFixed(3)} |\n`)
  }
}

/** Outcomes split as the overall figures count them: answerable, unanswerable (real on-topic and off-topic), generated negatives */
function byRole (outcomes: readonly Outcome[]): Record<'answerable' | 'unanswerable' | 'generated', Outcome[]> {
  return {
    answerable: outcomes.filter(o => o.role === 'answerable'),
    unanswerable: outcomes.filter(o => o.role === 'unanswerable' || o.role === 'offtopic'),
    generated: outcomes.filter(o => o.role === 'generated')
  }
}

function mean (xs: readonly boolean[]): number {
  return xs.length === 0 ? 0 : xs.filter(Boolean).length / xs.length
}
