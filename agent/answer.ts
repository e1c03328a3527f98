import { termStatistics, type TermStatistics } from './answerability.js'
import { checkCitations } from './citations/check-citations.js'
import { answerability, distinctResults, extractiveAnswer } from './answerers/extractive-answer.js'
import { abstention } from './draft.js'
import { defaultAnswerModel, type AnswerModel } from './answerers/answer-model.js'
import { llmAnswer } from './answerers/llm-answer.js'
import type { AnswerContext, AnswerMode, AnswerRecord } from './answer-record.js'
import type { Draft } from './draft.js'
import type { ChatModel } from './llm/chat-model.js'
import { DEFAULT_K, DEFAULT_SEARCH_MODE, toWireChunk, type Chunk, type Retriever, type SearchMode, type SearchResult } from '../indexes/index.js'
import { definitionEntries } from './definition-entries.js'
import { nextChunk, sameSection } from './adjacent-chunks.js'
import { standaloneQuestion } from './standalone-question.js'
import type { ConversationTurn } from './standalone-question.js'
import type { AbortOptions } from '@libp2p/interface'

/** Extra results retrieved so that `k` remain after duplicates are dropped */
const DUPLICATE_SLACK = 3

/**
 * How many of the best results are read on into the chunk that follows them
 * in their document. Cross-validated (docs/evaluation.md): the evidence
 * sentence is then among the passages for 0.800 of the wide Filecoin
 * questions (0.788 without), 0.90 and 0.88 of the two JFK sets' (0.75,
 * 0.76), with the extractive answers' outcomes level within a question or two.
 */
const CONTINUED_RESULTS = 2

/** A multi-step answerer (the `agent` mode), given the question and the first retrieval */
export type AgentAnswerer = (question: string, results: SearchResult[], options: AbortOptions & { onToken?: (t: string) => void }) => Promise<{ draft: Draft, results: SearchResult[] }>

/** Options for {@link answer} */
export interface AnswerOptions extends AbortOptions {
  question: string
  /** What to search: a loaded index, or any {@link Retriever} (its provenance is recorded in the answer) */
  index: Retriever
  /** @default 'extractive' */
  mode?: AnswerMode
  /** Passages retrieved. @default 5 */
  k?: number
  /** Retrieval mode. @default 'hybrid' */
  searchMode?: SearchMode
  /** The chat model, for `llm` mode; in any mode it also condenses a follow-up question with its {@link AnswerOptions.history} */
  llm?: ChatModel
  /**
   * Earlier turns of the conversation, oldest first. A follow-up ("How does
   * it get paid?") is rewritten into a standalone question before retrieval
   * (see {@link standaloneQuestion}); the record keeps both.
   */
  history?: readonly ConversationTurn[]
  /** The multi-step answerer, for `agent` mode */
  agent?: AgentAnswerer
  /** Streamed answer tokens (LLM modes) */
  onToken?(token: string): void
  /**
   * The index's term statistics, when the caller keeps them (see
   * `openTermStatistics`); otherwise computed from the index's chunks on
   * the first answer and kept for the process
   */
  stats?: TermStatistics
  /** The answer model that scores sentences and answerability. @default the model Quarry ships */
  model?: AnswerModel
  /**
   * Abstain unless the answer model's answerability (0–1) reaches this, in
   * every mode. Higher refuses more of the questions the corpus does not
   * answer, and more of those it does (the trade-off, cross-validated:
   * docs/evaluation.md). @default the model's own threshold (`abstainBelow`)
   */
  minAnswerability?: number
}

/** Options for {@link retrieveForAnswer} */
export interface RetrieveForAnswerOptions extends AbortOptions {
  /** Passages kept. @default 5 */
  k?: number
  /** Answering mode: the definition entry is read beside the results except in `agent` mode. @default 'extractive' */
  mode?: AnswerMode
  /** @default 'hybrid' */
  searchMode?: SearchMode
  /** The index's term statistics (computed from its chunks when not given) */
  stats?: TermStatistics
}

/**
 * The passages an answer is given: the best `k` distinct results (the same
 * chunk is never retrieved twice), and for "What is X?" the entry headed by
 * X when retrieval missed it (in place of the last result); then the chunk
 * that continues each of the first {@link CONTINUED_RESULTS} in its page and
 * section, when the index's chunks are at hand (so up to `k` + 2 passages). Shared by
 * {@link answer} and the answer model's training, so both read the same passages.
 */
export async function retrieveForAnswer (question: string, index: Retriever, options: RetrieveForAnswerOptions = {}): Promise<{ results: SearchResult[], stats?: TermStatistics }> {
  const k = options.k ?? DEFAULT_K
  const results = distinctResults(await index.search(question, { k: k + DUPLICATE_SLACK, mode: options.searchMode ?? DEFAULT_SEARCH_MODE, signal: options.signal })).slice(0, k)
  results.forEach((r, i) => { r.rank = i + 1 })
  const chunks = (index as { chunks?: readonly Chunk[] }).chunks
  const stats = options.stats ?? (chunks !== undefined ? termStatistics(chunks) : undefined)
  if (options.mode !== 'agent' && chunks !== undefined && stats !== undefined) {
    for (const chunk of definitionEntries(question, chunks, stats)) {
      if (results.some(r => r.chunk.chunkCid.equals(chunk.chunkCid))) continue
      if (results.length >= k) results.pop()
      results.push({ chunk, score: 0, rank: results.length + 1 })
    }
  }
  if (chunks !== undefined) addContinuations(results, chunks)
  return { results, ...(stats !== undefined ? { stats } : {}) }
}

/**
 * After the results, the chunk that continues each of the first
 * {@link CONTINUED_RESULTS} in its document, when it goes on with the same
 * page and section (the chunker cut it for size) and is not already there, at
 * the last result's score: the sentence that answers often sits just past the
 * cut
 */
function addContinuations (results: SearchResult[], chunks: readonly Chunk[]): void {
  for (const top of results.slice(0, CONTINUED_RESULTS)) {
    const next = nextChunk(top.chunk, chunks)
    const last = results[results.length - 1]
    if (next === undefined || last === undefined || !sameSection(top.chunk, next) || results.some(r => r.chunk.chunkCid.equals(next.chunkCid))) continue
    results.push({ chunk: next, score: last.score, rank: results.length + 1 })
  }
}

/**
 * Answer a question from an index with cited CIDs: retrieve, answer (by
 * extraction, an LLM or an agent), then run the citation check, which keeps
 * only sentences whose quotes sit in passages that were actually retrieved.
 * The result is the one {@link AnswerRecord} every consumer uses.
 */
export async function answer (options: AnswerOptions): Promise<AnswerRecord> {
  const { question, index } = options
  const mode = options.mode ?? 'extractive'
  const k = options.k ?? DEFAULT_K
  if (question.trim() === '') throw new TypeError('The question is empty')
  if (mode === 'llm' && options.llm == null) throw new TypeError('llm mode needs a chat model: pass one as `llm`')
  const min = options.minAnswerability
  if (min !== undefined && !(Number.isFinite(min) && min >= 0 && min <= 1)) throw new RangeError(`minAnswerability must be a number from 0 to 1, got ${String(min)}`)
  const t0 = performance.now()
  const standalone = await standaloneQuestion(question, options.history ?? [], { ...(options.llm != null ? { llm: options.llm } : {}), ...(options.signal != null ? { signal: options.signal } : {}) })
  const retrieved = await retrieveForAnswer(standalone, index, { k, mode, ...(options.searchMode !== undefined ? { searchMode: options.searchMode } : {}), ...(options.stats !== undefined ? { stats: options.stats } : {}), ...(options.signal != null ? { signal: options.signal } : {}) })
  let results = retrieved.results
  const stats = retrieved.stats
  const t1 = performance.now()
  let draft: Draft
  const model = answerModelFor(options)
  const gate = { maxContexts: results.length, ...(stats !== undefined ? { stats } : {}), ...(model !== undefined ? { model } : {}) }
  if (mode === 'extractive') {
    draft = extractiveAnswer(standalone, results, gate)
  } else if (mode === 'llm') {
    if (options.llm == null) throw new TypeError('llm mode needs a chat model: pass `llm`')
    // the model is asked only when the passages can answer: the same answerability score as the extractive answer's
    const judged = answerability(standalone, results, gate)
    draft = judged.answerable
      ? await llmAnswer(standalone, results, options.llm, { signal: options.signal, onToken: options.onToken })
      : abstention(results, options.llm.id, judged.reason ?? 'low-answerability')
    draft = { ...draft, answerability: judged.score, answerModel: judged.model }
  } else {
    if (options.agent == null) throw new TypeError('agent mode needs a tool-calling answerer: pass `agent`')
    const out = await options.agent(standalone, results, { signal: options.signal, onToken: options.onToken })
    results = out.results
    // the agent searched on its own: its answer stands only when what it read can answer the question
    const judged = answerability(standalone, results, { ...gate, maxContexts: results.length })
    draft = { ...(judged.answerable ? out.draft : abstention(results, out.draft.llm, judged.reason ?? 'low-answerability')), answerability: judged.score, answerModel: judged.model }
  }
  const t2 = performance.now()
  const checked = await checkCitations(draft, results)
  const t3 = performance.now()
  return {
    version: 1,
    question,
    ...(standalone !== question ? { standaloneQuestion: standalone } : {}),
    answer: checked.answer,
    sentences: checked.sentences,
    citations: checked.citations,
    contexts: results.map(answerContext),
    abstained: checked.abstained,
    ...(checked.abstained && checked.abstainedBecause !== undefined ? { abstainedBecause: checked.abstainedBecause } : {}),
    ...(checked.closestSources != null ? { closestSources: checked.closestSources } : {}),
    rejected: checked.rejected,
    mode,
    corpusCid: index.provenance.corpusCid,
    indexCid: index.provenance.indexCid,
    embedder: index.provenance.embedder,
    llm: checked.llm,
    ...(draft.answerability !== undefined ? { answerability: draft.answerability } : {}),
    ...(draft.answerModel !== undefined ? { answerModel: draft.answerModel } : {}),
    ...(min !== undefined ? { minAnswerability: min } : {}),
    ...(draft.unstated !== undefined && !checked.abstained ? { unstated: draft.unstated } : {}),
    ...(draft.unstatedAsked !== undefined && !checked.abstained ? { unstatedAsked: draft.unstatedAsked } : {}),
    timings: { retrieveMs: round(t1 - t0), generateMs: round(t2 - t1), checkMs: round(t3 - t2), totalMs: round(t3 - t0) }
  }
}

/** The answer model to use: the caller's (or the shipped one) with its threshold replaced by {@link AnswerOptions.minAnswerability} when that is set */
function answerModelFor (options: Pick<AnswerOptions, 'model' | 'minAnswerability'>): AnswerModel | undefined {
  if (options.minAnswerability === undefined) return options.model
  return { ...(options.model ?? defaultAnswerModel()), abstainBelow: options.minAnswerability }
}

/** A retrieved passage as the record keeps it */
function answerContext (result: SearchResult): AnswerContext {
  const { chunkCid, docCid, path, text } = toWireChunk(result.chunk)
  return { chunkCid, docCid, path, text, score: result.score }
}

function round (ms: number): number {
  return Math.round(ms * 10) / 10
}
