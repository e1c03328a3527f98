/**
 * SQuAD-style token F1 between a predicted and a reference answer.
 *
 * @packageDocumentation
 */

import { answerTokens, stripCitationMarkers } from './normalize-answer.js'

/**
 * Token-overlap F1 as in the SQuAD v1.1/v2.0 evaluation script, after citation
 * markers (`[n]`) are removed from the prediction. Both texts are normalised
 * (lowercase, no punctuation, no articles) and split on whitespace; shared
 * tokens are counted with multiplicity. When either side has no tokens the
 * score is 1 if both are empty, else 0.
 */
export function tokenF1 (prediction: string, reference: string): number {
  const pred = answerTokens(stripCitationMarkers(prediction))
  const gold = answerTokens(reference)
  if (pred.length === 0 || gold.length === 0) return pred.length === gold.length ? 1 : 0
  const counts = new Map<string, number>()
  for (const t of gold) counts.set(t, (counts.get(t) ?? 0) + 1)
  let same = 0
  for (const t of pred) {
    const c = counts.get(t) ?? 0
    if (c > 0) {
      same++
      counts.set(t, c - 1)
    }
  }
  if (same === 0) return 0
  const precision = same / pred.length
  const recall = same / gold.length
  return (2 * precision * recall) / (precision + recall)
}
