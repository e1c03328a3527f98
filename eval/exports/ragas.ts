/**
 * Export to ragas (v0.2+): one `SingleTurnSample` per answer, as JSON Lines
 * that `EvaluationDataset.from_jsonl()` reads.
 *
 * @packageDocumentation
 */

import { stripCitationMarkers } from '../metrics/normalize-answer.js'
import type { AnswerRecord } from '../../agent/index.js'
import type { QaSample } from '../qa-dataset.js'

/** A ragas `SingleTurnSample` (the fields Quarry can fill) */
export interface RagasSample {
  /** The question */
  user_input: string
  /** Texts of the retrieved passages, best first */
  retrieved_contexts: string[]
  /** The answer; empty when Quarry abstained (its "Not found" reply is not an answer to judge) */
  response: string
  /** The reference answer, when the dataset has one */
  reference?: string
}

/** Options for {@link toRagasSample} */
export interface ToRagasSampleOptions {
  /**
   * Remove `[n]` citation markers from the response (they are not part of
   * the answer ragas should judge)
   *
   * @default true
   */
  stripCitations?: boolean
}

/**
 * Maps an answer (and its dataset sample, for the reference answer) to a
 * ragas `SingleTurnSample`. The question is the sample's when given, else the
 * record's. An abstention exports an empty response, so it is not judged as
 * if "Not found in this corpus." were an answer.
 */
export function toRagasSample (record: AnswerRecord, sample?: Pick<QaSample, 'question' | 'answer'>, options: ToRagasSampleOptions = {}): RagasSample {
  const strip = options.stripCitations ?? true
  return {
    user_input: sample?.question ?? record.question,
    retrieved_contexts: record.contexts.map(c => c.text),
    response: record.abstained ? '' : strip ? tidy(stripCitationMarkers(record.answer)) : record.answer,
    ...(sample?.answer === undefined ? {} : { reference: sample.answer })
  }
}

/** JSON Lines (one sample per line, trailing newline) for `EvaluationDataset.from_jsonl()` */
export function toRagasJsonl (samples: Iterable<RagasSample>): string {
  let out = ''
  for (const s of samples) out += JSON.stringify(s) + '\n'
  return out
}

/** Collapses the spaces left where markers were, and before punctuation */
function tidy (text: string): string {
  return text.replace(/[ \t]+([.,;:!?])/g, '$1').replace(/[ \t]{2,}/g, ' ').trim()
}
