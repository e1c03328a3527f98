/**
 * SQuAD-style exact match.
 *
 * @packageDocumentation
 */

import { normalizeAnswer, stripCitationMarkers } from './normalize-answer.js'

/**
 * 1 when the prediction (citation markers removed) and the reference are equal
 * after SQuAD normalisation, else 0.
 */
export function exactMatch (prediction: string, reference: string): number {
  return normalizeAnswer(stripCitationMarkers(prediction)) === normalizeAnswer(reference) ? 1 : 0
}
