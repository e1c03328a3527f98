/**
 * Training examples: each question retrieved exactly as `answer()` retrieves
 * it, its candidate sentences with their feature vectors, and a label per
 * sentence — 1 when the sentence holds the question's evidence quote on a
 * relevant page, 0 otherwise (other sentences of a relevant page count for
 * less: they may answer too, in other words).
 */

import { retrieveForAnswer, sentenceCandidates, candidateFeatures, isAnswerable, isUsable } from '../../agent/index.js'
import type { Item } from './training-set.js'
import type { Row } from './logistic.js'
import type { Retriever, SearchResult } from '../../indexes/index.js'
import type { TermStatistics } from '../../agent/index.js'

/** Weight of a sentence of a relevant page that does not hold the evidence */
export const SAME_PAGE_NEGATIVE_WEIGHT = 0.3
/** Share of the smaller side's words two texts must share for a sentence to hold the evidence */
const EVIDENCE_OVERLAP = 0.6

/** A question's retrieved passages and candidate rows */
export interface Example {
  item: Item
  results: SearchResult[]
  stats?: TermStatistics
  /** Whether the passages cover the question at all (the gate before the model) */
  gated: boolean
  rows: Row[]
  /** Whether a candidate sentence holds the evidence (evidence in context) */
  evidenceInContext: boolean
  /** Whether a passage comes from a relevant page */
  relevantInContext: boolean
  /** Where the sentences that hold the evidence sit: passage index and character range of the chunk's text */
  evidenceSpans: Array<{ ctx: number, start: number, end: number }>
}

/** Retrieve and featurise one question (k passages, the default search mode) */
export async function buildExample (item: Item, index: Retriever, stats: TermStatistics, k: number): Promise<Example> {
  const { results } = await retrieveForAnswer(item.question, index, { k, stats })
  return featurise(item, results, stats)
}

/**
 * A negative in the SQuAD 2.0 manner from an answerable question whose
 * evidence was retrieved: the same passages with every sentence that holds
 * the evidence blanked out (spaces in its place), labelled unanswerable — the
 * question's page is there, its words are there, the answer is not (as for
 * the on-topic questions the corpus cannot answer). Undefined when the
 * evidence was not retrieved.
 */
export function withoutEvidence (example: Example): Example | undefined {
  if (example.evidenceSpans.length === 0 || example.stats === undefined) return undefined
  const results = example.results.map((r, ctx) => {
    const spans = example.evidenceSpans.filter(s => s.ctx === ctx)
    if (spans.length === 0) return r
    let text = r.chunk.text
    for (const { start, end } of spans) text = text.slice(0, start) + ' '.repeat(end - start) + text.slice(end)
    return { ...r, chunk: { ...r.chunk, text } }
  })
  const item: Item = { ...example.item, id: `${example.item.id}~removed`, set: 'generated-removed', relevant: [], evidence: '', role: 'generated' }
  return featurise(item, results, example.stats)
}

function featurise (item: Item, results: SearchResult[], stats: TermStatistics): Example {
  const gated = isAnswerable(item.question, results, { stats })
  const set = sentenceCandidates(item.question, results, stats)
  const features = candidateFeatures(set, isUsable)
  const evidence = wordSet(item.evidence)
  const rows: Row[] = []
  const evidenceSpans: Example['evidenceSpans'] = []
  set.candidates.forEach((c, i) => {
    if (!isUsable(c)) return
    const page = item.relevant.includes(results[c.ctx]?.chunk.path ?? '')
    const holds = page && evidence.size > 0 && holdsEvidence(wordSet(c.span.text), evidence)
    if (holds) evidenceSpans.push({ ctx: c.ctx, start: c.span.start, end: c.span.end })
    rows.push({ x: features[i] ?? [], y: holds ? 1 : 0, w: holds ? 1 : page ? SAME_PAGE_NEGATIVE_WEIGHT : 1 })
  })
  const relevantInContext = results.some(r => item.relevant.includes(r.chunk.path))
  return { item, results, stats, gated, rows, evidenceInContext: evidenceSpans.length > 0, relevantInContext, evidenceSpans }
}

/** Whether a sentence's words hold the evidence's (or the evidence holds the sentence's, for evidence spanning sentences) */
function holdsEvidence (sentence: ReadonlySet<string>, evidence: ReadonlySet<string>): boolean {
  let shared = 0
  for (const w of sentence) if (evidence.has(w)) shared++
  const smaller = Math.min(sentence.size, evidence.size)
  return shared >= Math.min(3, evidence.size) && smaller > 0 && shared / smaller >= EVIDENCE_OVERLAP
}

function wordSet (text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
}
