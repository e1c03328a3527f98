/**
 * Export to deepeval: one `LLMTestCase` per answer, as a JSON list. Load it
 * with `LLMTestCase(**case)` for each case, or with
 * `EvaluationDataset().add_test_cases_from_json_file(file,
 * input_key_name='input', actual_output_key_name='actual_output',
 * expected_output_key_name='expected_output', context_key_name='context',
 * retrieval_context_key_name='retrieval_context')`.
 *
 * @packageDocumentation
 */

import type { AnswerRecord } from '../../agent/index.js'
import type { QaSample } from '../qa-dataset.js'

/** A deepeval `LLMTestCase` (the fields Quarry can fill) */
export interface DeepevalTestCase {
  input: string
  /** The answer, citation markers kept (deepeval judges it as shown to a user); empty when Quarry abstained (see `additional_metadata.abstained`) */
  actual_output: string
  /** The reference answer, when the dataset has one */
  expected_output?: string
  /** Texts of the retrieved passages, best first */
  retrieval_context: string[]
  /** Ideal (gold) context, when known; deepeval's `context` */
  context?: string[]
  /** Test case name: the dataset sample id */
  name?: string
  /** Seconds the answer took */
  completion_time?: number
  /** Provenance: CIDs and models, so a score can be traced back to a verifiable answer */
  additional_metadata: {
    corpusCid: string
    indexCid: string
    embedder: string
    llm: string
    mode: string
    abstained: boolean
    citations: Array<{ n: number, path: string, docCid: string, chunkCid: string }>
  }
}

/** Options for {@link toDeepevalTestCase} */
export interface ToDeepevalTestCaseOptions {
  /** Gold passages for deepeval's `context` (Quarry's QA sets name documents, not passages, so there is no default) */
  context?: string[]
}

/**
 * Maps an answer (and its dataset sample, for the id and reference answer)
 * to a deepeval `LLMTestCase`.
 */
export function toDeepevalTestCase (record: AnswerRecord, sample?: Pick<QaSample, 'id' | 'question' | 'answer'>, options: ToDeepevalTestCaseOptions = {}): DeepevalTestCase {
  return {
    input: sample?.question ?? record.question,
    actual_output: record.abstained ? '' : record.answer,
    ...(sample?.answer === undefined ? {} : { expected_output: sample.answer }),
    retrieval_context: record.contexts.map(c => c.text),
    ...(options.context === undefined ? {} : { context: options.context }),
    ...(sample === undefined ? {} : { name: sample.id }),
    completion_time: record.timings.totalMs / 1000,
    additional_metadata: {
      corpusCid: record.corpusCid,
      indexCid: record.indexCid,
      embedder: record.embedder,
      llm: record.llm,
      mode: record.mode,
      abstained: record.abstained,
      citations: record.citations.map(c => ({ n: c.n, path: c.path, docCid: c.docCid, chunkCid: c.chunkCid }))
    }
  }
}

/** The test cases as an indented JSON list */
export function toDeepevalJson (cases: Iterable<DeepevalTestCase>): string {
  return JSON.stringify([...cases], null, 2) + '\n'
}
