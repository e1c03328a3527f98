/**
 * Running a question-answering eval set through Quarry's `answer()`.
 *
 * @packageDocumentation
 */

import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { answer, defaultAnswerModel, type AnswerOptions, type AnswerRecord } from '../agent/index.js'
import { gitCommit } from './git-commit.js'
import { timed } from './latency.js'
import { summarize } from './metrics/aggregate.js'
import { citationPrecision, relevantSourceCited } from './metrics/citation.js'
import { exactMatch } from './metrics/exact-match.js'
import { auroc } from './metrics/auroc.js'
import { evidenceInContext } from './metrics/evidence-in-context.js'
import { tokenF1 } from './metrics/token-f1.js'
import type { QaDataset } from './qa-dataset.js'
import type { EvalQueryRow, EvalReport } from './reports/json-report.js'
import { DEFAULT_K, DEFAULT_SEARCH_MODE, type Retriever, type SearchMode } from '../indexes/index.js'

/** The metric keys of a QA report, headline first */
export const QA_METRICS = Object.freeze(['relevant_cited', 'citation_precision', 'token_f1', 'abstained', 'answerable_abstained', 'unanswerable_abstained', 'evidence_in_context', 'answerability', 'exact_match'])

/** Progress of {@link runQaEval}: one event per answered question */
export interface QaEvalProgressEvent {
  type: 'eval:qa:answer'
  /** Sample id */
  id: string
  done: number
  total: number
}

/**
 * Options for {@link runQaEval}: `index` (the Retriever the questions are
 * answered from), `mode`, `k`, `searchMode`, `llm` and `agent` as in `answer()`
 */
export interface RunQaEvalOptions extends Pick<AnswerOptions, 'index' | 'mode' | 'k' | 'searchMode' | 'llm' | 'agent' | 'minAnswerability'> {
  dataset: QaDataset
  /** Folder whose git commit is recorded. @default the folder of this module */
  gitCwd?: string
  onProgress?(event: QaEvalProgressEvent): void
  signal?: AbortSignal
}

/** What {@link runQaEval} returns: the report and every answer record, in dataset order */
export interface QaEvalResult {
  report: EvalReport
  /** One answer record per sample (same order as `dataset.samples`) */
  records: AnswerRecord[]
}

/**
 * Answers every question of a QA set with `answer()` and scores each answer:
 *
 * - `relevant_cited`: 1 when a citation points at a `relevant` source (0 for an
 *   abstention); only for samples that list relevant sources
 * - `citation_precision`: share of the citations that point at a relevant
 *   source; only for answers with citations
 * - `abstained`: 1 when the answer is "not found"; split as
 *   `answerable_abstained` (samples with relevant sources) and
 *   `unanswerable_abstained` (samples without)
 * - `evidence_in_context`: 1 when the sample's `evidence` quote lies inside
 *   the passages the answer was given (the k retrieved and up to 2 that
 *   continue the first two, the record's `contexts`); only for samples with one
 * - `answerability`: the answer model's score of the question (its AUROC,
 *   answerable against unanswerable, is in the notes when the set has both)
 * - `token_f1` and `exact_match` (SQuAD, citation markers removed): only for
 *   samples with a reference answer
 *
 * and the latency of each answer (retrieval, answering and citation check),
 * summarised as p50/p95. An error on any question (a failed LLM call) stops
 * the run.
 */
export async function runQaEval (options: RunQaEvalOptions): Promise<QaEvalResult> {
  const { dataset, index, signal, onProgress } = options
  const mode = options.mode ?? 'extractive'
  const k = options.k ?? DEFAULT_K
  const searchMode = options.searchMode ?? DEFAULT_SEARCH_MODE
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`)

  const records: AnswerRecord[] = []
  const rows: EvalQueryRow[] = []
  for (const [i, sample] of dataset.samples.entries()) {
    signal?.throwIfAborted()
    const { value: record, ms } = await timed(async () => answer({
      question: sample.question,
      ...(sample.history !== undefined ? { history: sample.history } : {}),
      index,
      mode,
      k,
      searchMode,
      ...(options.llm === undefined ? {} : { llm: options.llm }),
      ...(options.agent === undefined ? {} : { agent: options.agent }),
      ...(options.minAnswerability === undefined ? {} : { minAnswerability: options.minAnswerability }),
      ...(signal === undefined ? {} : { signal })
    }))
    records.push(record)
    const hasRelevant = sample.relevant.length > 0
    const metrics: Record<string, number | null> = {
      relevant_cited: hasRelevant ? (relevantSourceCited(record, sample.relevant) ? 1 : 0) : null,
      citation_precision: hasRelevant ? citationPrecision(record, sample.relevant) ?? null : null,
      token_f1: sample.answer === undefined ? null : tokenF1(record.answer, sample.answer),
      abstained: record.abstained ? 1 : 0,
      answerable_abstained: hasRelevant ? (record.abstained ? 1 : 0) : null,
      unanswerable_abstained: hasRelevant ? null : (record.abstained ? 1 : 0),
      evidence_in_context: typeof sample.extra.evidence === 'string' && sample.extra.evidence !== '' ? (evidenceInContext(sample.extra.evidence, record.contexts.map(c => c.text)) ? 1 : 0) : null,
      answerability: record.answerability ?? null,
      exact_match: sample.answer === undefined ? null : exactMatch(record.answer, sample.answer)
    }
    rows.push({
      id: sample.id,
      mode,
      query: sample.question,
      metrics,
      latencyMs: ms,
      relevant: [...sample.relevant],
      answer: record.answer,
      ...(sample.answer === undefined ? {} : { reference: sample.answer }),
      citations: [...new Set(record.citations.map(c => c.path))],
      abstained: record.abstained,
      ...(record.abstainedBecause !== undefined ? { abstainedBecause: record.abstainedBecause } : {})
    })
    onProgress?.({ type: 'eval:qa:answer', id: sample.id, done: i + 1, total: dataset.samples.length })
  }

  const llm = records.find(r => r.llm !== '' && r.llm !== 'none')?.llm ?? options.llm?.id
  const notes = [
    `answering: ${mode}, ${k} passages per question from ${searchMode} retrieval; citations checked against the retrieved passages`,
    'relevant_cited and citation_precision match a citation to a relevant source by path (with or without ./), document CID, or JSON record id',
    'token_f1 and exact_match are SQuAD-style (lowercase, no punctuation or articles), citation markers removed; an extractive answer quotes whole sentences, so its F1 is bounded by their length',
    'latency is per question, end to end: retrieval, answering and citation check',
    `answerable_abstained / unanswerable_abstained: abstentions on questions with / without relevant sources; evidence_in_context: the sample's evidence quote lies inside the passages the answer was given (the ${k} retrieved, then the chunks that continue the first two in their page and section); answerability: the answer model's score${records[0]?.answerModel !== undefined ? ` (${records[0].answerModel})` : ''}`,
    ...(options.minAnswerability !== undefined ? [`abstained below answerability ${options.minAnswerability} (--min-answerability; the model's own threshold is ${defaultAnswerModel().abstainBelow})`] : []),
    ...abstentionNote(records),
    ...aurocNote(rows),
    ...embeddedNote(index)
  ]
  const report: EvalReport = {
    version: 1,
    kind: 'qa',
    dataset: dataset.name,
    createdAt: new Date().toISOString(),
    ...optional('gitCommit', await gitCommit(options.gitCwd ?? path.dirname(fileURLToPath(import.meta.url)), { signal })),
    corpusCid: index.provenance.corpusCid,
    ...optional('indexCid', index.provenance.indexCid === '' ? undefined : index.provenance.indexCid),
    embedder: index.provenance.embedder,
    ...optional('llm', llm),
    modes: [{
      mode,
      label: `${mode}, ${searchMode} k=${k}${options.minAnswerability !== undefined ? `, min answerability ${options.minAnswerability}` : ''}`,
      metrics: Object.fromEntries(QA_METRICS.map(key => [key, summarize(rows.map(r => r.metrics[key] ?? undefined))])),
      latencyMs: summarize(rows.map(r => r.latencyMs))
    }],
    headlineMetrics: ['relevant_cited', 'citation_precision', 'token_f1', 'abstained', 'answerable_abstained', 'unanswerable_abstained', 'evidence_in_context'],
    references: [],
    rows,
    notes
  }
  return { report, records }
}

/** How many answers abstained for each reason (the answer records' `abstainedBecause`), when any did */
function abstentionNote (records: readonly AnswerRecord[]): string[] {
  const counts = new Map<string, number>()
  for (const r of records) {
    if (!r.abstained) continue
    const why = r.abstainedBecause ?? 'unknown'
    counts.set(why, (counts.get(why) ?? 0) + 1)
  }
  if (counts.size === 0) return []
  return [`abstentions by reason: ${[...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([why, n]) => `${why} ${n}`).join(', ')}`]
}

/** The AUROC of the answerability score, answerable against unanswerable questions, when the set has both */
function aurocNote (rows: readonly EvalQueryRow[]): string[] {
  const scored = rows.filter(r => r.metrics.answerability != null).map(r => ({ score: r.metrics.answerability ?? 0, positive: (r.relevant?.length ?? 0) > 0 }))
  const value = auroc(scored)
  return Number.isNaN(value) ? [] : [`answerability AUROC (answerable vs unanswerable questions): ${value.toFixed(3)}`]
}

function optional<K extends string> (key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : { [key]: value } as Record<K, string>
}

/** A note when the index is not fully embedded (progressive indexing): what the dense side of the search covered */
function embeddedNote (index: Retriever): string[] {
  const { embedded, chunks } = index as { embedded?: number, chunks?: readonly unknown[] }
  if (embedded === undefined || chunks === undefined || embedded >= chunks.length) return []
  return [embedded === 0
    ? `index: lexical only (0 of ${chunks.length} chunks embedded), so every search ran on BM25 alone`
    : `index: ${embedded} of ${chunks.length} chunks embedded; dense search covered only those`]
}
