/**
 * The eval report: one JSON document per eval run, from which the Markdown
 * and HTML reports are rendered.
 *
 * @packageDocumentation
 */

import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { MetricSummary } from '../metrics/aggregate.js'
import type { FusionSettings } from '../../indexes/index.js'

/** What was evaluated: ranked retrieval (BEIR) or answers (QA set) */
export type EvalKind = 'retrieval' | 'qa'

/** A published figure to compare with, e.g. BM25 nDCG@10 on SciFact */
export interface EvalReference {
  /** The system the figure belongs to, e.g. `BM25 flat` or `bge-small-en-v1.5` */
  system: string
  /** Metric key, as used in {@link EvalModeResult.metrics} (e.g. `ndcg@10`) */
  metric: string
  value: number
  /** Where it was published (a name or a URL) */
  source?: string
}

/** Results of one retrieval or answering mode */
export interface EvalModeResult {
  /** Mode key, e.g. `lexical`, `vector`, `hybrid`, `extractive`, `llm` */
  mode: string
  /** Display name, when the key is not enough (e.g. `hybrid (RRF k=60)`) */
  label?: string
  /** Summary of each per-query metric, by metric key (`ndcg@10`, `recall@100`, `token_f1`, …) */
  metrics: Record<string, MetricSummary>
  /** Per-query latency summary in milliseconds */
  latencyMs?: MetricSummary
}

/** One query evaluated in one mode */
export interface EvalQueryRow {
  /** Query or sample id */
  id: string
  mode: string
  /** Query or question text */
  query: string
  /** Per-query metric values by key; `null` where a metric does not apply */
  metrics: Record<string, number | null>
  latencyMs?: number
  /** Top retrieved document ids or paths, best first */
  retrieved?: string[]
  /** Relevant document ids or paths from the dataset */
  relevant?: string[]
  /** Answer text (QA) */
  answer?: string
  /** Reference answer (QA) */
  reference?: string
  /** Cited document paths (QA) */
  citations?: string[]
  /** Whether the answer abstained (QA) */
  abstained?: boolean
  /** Why it abstained (QA; the answer record's `abstainedBecause`) */
  abstainedBecause?: string
}

/** An eval run's report (schema version 1) */
export interface EvalReport {
  version: 1
  kind: EvalKind
  /** Dataset name, e.g. `scifact` or `filecoin-docs-faq-dev` */
  dataset: string
  /** Dataset split, e.g. `test` */
  split?: string
  /** ISO 8601 time the run finished */
  createdAt: string
  /** Commit of the code that ran (see `gitCommit()`) */
  gitCommit?: string
  corpusCid?: string
  indexCid?: string
  /** Embedder id */
  embedder?: string
  /** The fusion settings of the index searched (retrieval) */
  fusion?: FusionSettings
  /** LLM id (QA) */
  llm?: string
  /** Results per mode, in display order */
  modes: EvalModeResult[]
  /** Metric keys to chart and to list first, e.g. `['ndcg@10', 'recall@100']` */
  headlineMetrics: string[]
  /** Published figures to show beside the results */
  references: EvalReference[]
  /** Per-query rows, all modes */
  rows: EvalQueryRow[]
  /** Free-form remarks (settings, caveats) */
  notes?: string[]
}

/** Options for {@link writeJsonReport} */
export interface WriteJsonReportOptions {
  signal?: AbortSignal
}

/**
 * Serialises a report as indented JSON. Non-finite numbers (the `NaN` of an
 * empty summary) become `null`.
 */
export function serializeJsonReport (report: EvalReport): string {
  return JSON.stringify(report, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isFinite(value) ? null : value, 2) + '\n'
}

/**
 * Writes a report to `file` as JSON (see {@link serializeJsonReport}),
 * creating parent folders. The file is written beside and renamed into place,
 * so a reader never sees half a report.
 */
export async function writeJsonReport (report: EvalReport, file: string, options: WriteJsonReportOptions = {}): Promise<void> {
  const { signal } = options
  signal?.throwIfAborted()
  await mkdir(path.dirname(path.resolve(file)), { recursive: true })
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`
  try {
    await writeFile(tmp, serializeJsonReport(report), { encoding: 'utf8', signal })
    await rename(tmp, file)
  } catch (err) {
    await rm(tmp, { force: true })
    throw err
  }
}
