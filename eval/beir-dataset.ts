/**
 * Loading a BEIR-format retrieval benchmark (corpus, queries, qrels).
 *
 * @packageDocumentation
 */

import { createReadStream } from 'node:fs'
import { access } from 'node:fs/promises'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { EvalDatasetError } from './errors.js'
import { parseJsonObject } from './parse-json-object.js'
import type { QueryQrels } from './metrics/qrels.js'

/** One corpus document of a BEIR dataset */
export interface BeirDocument {
  title: string
  text: string
}

/** One query of a BEIR dataset */
export interface BeirQuery {
  id: string
  text: string
}

/** A BEIR dataset, restricted to the queries judged in one split */
export interface BeirDataset {
  /** Dataset name (the folder's name, e.g. `scifact`) */
  name: string
  /** The split the queries and qrels come from */
  split: string
  /** Every corpus document, by id, in file order */
  corpus: Map<string, BeirDocument>
  /** The queries that have qrels in the split, in `queries.jsonl` order */
  queries: BeirQuery[]
  /** Graded judgements by query id */
  qrels: Map<string, QueryQrels>
}

/** Options for {@link loadBeirDataset} */
export interface LoadBeirDatasetOptions {
  /**
   * Qrels split to read (`qrels/<split>.tsv`)
   *
   * @default 'test'
   */
  split?: string
  /** Keep only the first N queries (in `queries.jsonl` order) that have qrels */
  limit?: number
  signal?: AbortSignal
}

/**
 * Reads a BEIR dataset folder: `corpus.jsonl` (`{_id, title, text}`),
 * `queries.jsonl` (`{_id, text}`) and `qrels/<split>.tsv` (header
 * `query-id corpus-id score`, tab-separated). Like BEIR's GenericDataLoader it
 * keeps only the queries that have judgements in the split.
 *
 * @throws {EvalDatasetError} naming the file (and line) that is missing or malformed
 */
export async function loadBeirDataset (folder: string, options: LoadBeirDatasetOptions = {}): Promise<BeirDataset> {
  const split = options.split ?? 'test'
  const { limit, signal } = options
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw new RangeError(`limit must be a non-negative integer, got ${limit}`)
  }
  const files = {
    corpus: path.join(folder, 'corpus.jsonl'),
    queries: path.join(folder, 'queries.jsonl'),
    qrels: path.join(folder, 'qrels', `${split}.tsv`)
  }
  for (const file of Object.values(files)) await mustExist(file)

  const allQrels = await readQrels(files.qrels, signal)
  const queries: BeirQuery[] = []
  for await (const { value, where } of readJsonLines(files.queries, signal)) {
    const id = idOf(value, where)
    if (!allQrels.has(id) || (limit !== undefined && queries.length >= limit)) continue
    queries.push({ id, text: stringField(value, 'text', where) })
  }
  const qrels = new Map<string, QueryQrels>()
  for (const q of queries) qrels.set(q.id, allQrels.get(q.id) ?? {})

  const corpus = new Map<string, BeirDocument>()
  for await (const { value, where } of readJsonLines(files.corpus, signal)) {
    const id = idOf(value, where)
    if (corpus.has(id)) throw new EvalDatasetError(`${where}: duplicate document id "${id}"`)
    corpus.set(id, { title: optionalString(value, 'title', where), text: stringField(value, 'text', where) })
  }
  return { name: path.basename(path.resolve(folder)), split, corpus, queries, qrels }
}

async function mustExist (file: string): Promise<void> {
  try {
    await access(file)
  } catch (err) {
    throw new EvalDatasetError(`BEIR dataset file not found: ${file}`, { cause: err })
  }
}

async function readQrels (file: string, signal: AbortSignal | undefined): Promise<Map<string, Record<string, number>>> {
  const qrels = new Map<string, Record<string, number>>()
  for await (const { line, where, first } of readLines(file, signal)) {
    const cols = line.split('\t').length >= 3 ? line.split('\t') : line.trim().split(/\s+/)
    if (first && cols[0] === 'query-id') continue
    const [query, doc, score] = cols.map(c => c.trim())
    const grade = Number(score)
    if (cols.length !== 3 || query === undefined || query === '' || doc === undefined || doc === '' || score === '' || !Number.isInteger(grade)) {
      throw new EvalDatasetError(`${where}: expected "query-id<TAB>corpus-id<TAB>integer score", got ${JSON.stringify(line)}`)
    }
    const judged = qrels.get(query) ?? {}
    judged[doc] = grade
    qrels.set(query, judged)
  }
  return qrels
}

async function * readJsonLines (file: string, signal: AbortSignal | undefined): AsyncGenerator<{ value: Record<string, unknown>, where: string }> {
  for await (const { line, where } of readLines(file, signal)) {
    yield { value: parseJsonObject(line, where), where }
  }
}

async function * readLines (file: string, signal: AbortSignal | undefined): AsyncGenerator<{ line: string, where: string, first: boolean }> {
  signal?.throwIfAborted()
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8', signal }), crlfDelay: Infinity })
  let n = 0
  let first = true
  try {
    for await (const raw of lines) {
      n++
      const line = (n === 1 ? raw.replace(/^\uFEFF/, '') : raw).trimEnd()
      if (line.trim() === '') continue
      yield { line, where: `${file}:${n}`, first }
      first = false
    }
  } catch (err) {
    if (signal?.aborted === true) throw signal.reason
    throw new EvalDatasetError(`cannot read ${file}`, { cause: err })
  } finally {
    lines.close()
  }
}

function idOf (value: Record<string, unknown>, where: string): string {
  const id = value._id
  if (typeof id === 'string' && id !== '') return id
  if (typeof id === 'number' && Number.isFinite(id)) return String(id)
  throw new EvalDatasetError(`${where}: missing "_id"`)
}

function stringField (value: Record<string, unknown>, field: string, where: string): string {
  const v = value[field]
  if (typeof v !== 'string') throw new EvalDatasetError(`${where}: "${field}" must be a string`)
  return v
}

function optionalString (value: Record<string, unknown>, field: string, where: string): string {
  return value[field] === undefined || value[field] === null ? '' : stringField(value, field, where)
}
