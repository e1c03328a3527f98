/**
 * Loading a question-answering eval set (JSON Lines).
 *
 * @packageDocumentation
 */

import { createReadStream } from 'node:fs'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { EvalDatasetError } from './errors.js'
import { parseJsonObject } from './parse-json-object.js'

/** One question of a QA eval set */
export interface QaSample {
  /** The record's `id`, or `line-<n>` when it has none */
  id: string
  question: string
  /** Earlier turns of a multi-turn sample (`turns`), oldest first; `question` is the last turn */
  history?: Array<{ question: string }>
  /** Reference answer, when the set has one */
  answer?: string
  /** Document paths (or CIDs, or JSON record ids) that answer the question; may be empty */
  relevant: string[]
  /** Any other fields of the record, kept as they were */
  extra: Record<string, unknown>
}

/** A QA eval set */
export interface QaDataset {
  /** File name without extension, e.g. `filecoin-docs-faq-dev` */
  name: string
  samples: QaSample[]
}

/** Options for {@link loadQaDataset} */
export interface LoadQaDatasetOptions {
  /** Keep only the first N samples */
  limit?: number
  signal?: AbortSignal
}

/**
 * Reads a JSON Lines QA set: one object per line with `question` (string),
 * or `turns` (a conversation: an array of `{ question }`, the last one being
 * the question scored and the earlier ones its history), optional `answer`
 * (string), `relevant` (array of strings, may be absent) and optional `id`
 * (string or number). Blank lines are skipped; other fields are kept in
 * `extra`.
 *
 * @throws {EvalDatasetError} naming the file and line of a malformed record, a
 * duplicate id, a missing file, or a file without records
 */
export async function loadQaDataset (file: string, options: LoadQaDatasetOptions = {}): Promise<QaDataset> {
  const { limit, signal } = options
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw new RangeError(`limit must be a non-negative integer, got ${limit}`)
  }
  signal?.throwIfAborted()
  const samples: QaSample[] = []
  const ids = new Set<string>()
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8', signal }), crlfDelay: Infinity })
  let n = 0
  try {
    for await (const raw of lines) {
      n++
      if (limit !== undefined && samples.length >= limit) break
      const line = n === 1 ? raw.replace(/^\uFEFF/, '') : raw
      if (line.trim() === '') continue
      const sample = parseSample(line, `${file}:${n}`, n)
      if (ids.has(sample.id)) throw new EvalDatasetError(`${file}:${n}: duplicate id "${sample.id}"`)
      ids.add(sample.id)
      samples.push(sample)
    }
  } catch (err) {
    if (signal?.aborted === true) throw signal.reason
    if ((err as { name?: unknown }).name === 'EvalDatasetError') throw err
    const missing = (err as { code?: unknown }).code === 'ENOENT'
    throw new EvalDatasetError(missing ? `QA dataset file not found: ${file}` : `cannot read ${file}`, { cause: err })
  } finally {
    lines.close()
  }
  if (samples.length === 0 && limit !== 0) throw new EvalDatasetError(`${file}: no records`)
  return { name: path.basename(file).replace(/\.[^.]*$/, ''), samples }
}

function parseSample (line: string, where: string, lineNumber: number): QaSample {
  const { id, question: asked, turns, answer, relevant, ...extra } = parseJsonObject(line, where)
  let question = asked
  let history: Array<{ question: string }> | undefined
  if (question === undefined && turns !== undefined) {
    if (!Array.isArray(turns) || turns.length === 0 || !turns.every(t => typeof t?.question === 'string' && t.question.trim() !== '')) {
      throw new EvalDatasetError(`${where}: "turns" must be a non-empty array of { "question": string }`)
    }
    const questions = (turns as Array<{ question: string }>).map(t => ({ question: t.question }))
    question = questions.at(-1)?.question
    history = questions.slice(0, -1)
  } else if (turns !== undefined) {
    extra.turns = turns
  }
  if (typeof question !== 'string' || question.trim() === '') {
    throw new EvalDatasetError(`${where}: "question" must be a non-empty string (or give "turns")`)
  }
  if (answer !== undefined && answer !== null && typeof answer !== 'string') {
    throw new EvalDatasetError(`${where}: "answer" must be a string when present`)
  }
  if (relevant !== undefined && relevant !== null &&
    (!Array.isArray(relevant) || !relevant.every(r => typeof r === 'string'))) {
    throw new EvalDatasetError(`${where}: "relevant" must be an array of strings`)
  }
  let sampleId = `line-${lineNumber}`
  if (typeof id === 'string' && id !== '') sampleId = id
  else if (typeof id === 'number' && Number.isFinite(id)) sampleId = String(id)
  else if (id !== undefined && id !== null) throw new EvalDatasetError(`${where}: "id" must be a string or a number`)
  return {
    id: sampleId,
    question,
    ...(history !== undefined && history.length > 0 ? { history } : {}),
    ...(typeof answer === 'string' ? { answer } : {}),
    relevant: Array.isArray(relevant) ? relevant as string[] : [],
    extra
  }
}
