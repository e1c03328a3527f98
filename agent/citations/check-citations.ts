import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { abstention, renderAnswer, utf8Length } from '../draft.js'
import { sentenceText } from '../../indexes/index.js'
import { checkSupport } from './support-check.js'
import { verbatimSource } from './verbatim.js'
import type { AnswerSentence, Citation } from '../answer-record.js'
import type { Draft } from '../draft.js'
import type { Chunk, SearchResult } from '../../indexes/index.js'

/** Rejection reason: the citation names a chunk (or number) that is not among the retrieved results */
export const NOT_RETRIEVED = 'cites a passage that was not retrieved'
/** Rejection reason: the quote is empty or not an exact substring of the cited chunk */
export const QUOTE_NOT_FOUND = 'quote not found in cited passage'
/** Rejection reason: the sentence cites nothing */
export const NO_CITATION = 'no citation'
/** Rejection reason: the retrieved chunk's text does not hash to its chunk CID */
export const CID_MISMATCH = 'cited passage does not match its CID'
/** Rejection reason: the quote is in the chunk, but not at the byte offsets given */
export const BAD_OFFSETS = 'quote offsets do not match the cited passage'
/** Rejection reason prefix: the support check found the quotes do not support the sentence */
export const UNSUPPORTED = 'unsupported by its quotes'

const encoder = new TextEncoder()

/**
 * Why a citation is invalid against the retrieved results, or `undefined` if
 * it is valid: its chunk must be one of the results (same chunk and document
 * CID), the chunk's text must hash to the chunk CID, the quote must be a
 * non-empty exact substring of the chunk text, and the byte offsets must be
 * those of an occurrence of the quote. `hashes` caches re-hash verdicts by
 * chunk CID across calls.
 */
export async function citationProblem (citation: Citation, results: readonly SearchResult[], hashes: Map<string, boolean> = new Map()): Promise<string | undefined> {
  const chunk = results.find(r => r.chunk.chunkCid.toString() === citation.chunkCid && r.chunk.docCid.toString() === citation.docCid)?.chunk
  if (chunk === undefined) return NOT_RETRIEVED
  let hashOk = hashes.get(citation.chunkCid)
  if (hashOk === undefined) {
    hashOk = (await chunkCidOf(chunk.text)).equals(chunk.chunkCid)
    hashes.set(citation.chunkCid, hashOk)
  }
  if (!hashOk) return CID_MISMATCH
  if (citation.quote === '' || !chunk.text.includes(citation.quote)) return QUOTE_NOT_FOUND
  return offsetsAgree(citation, chunk) ? undefined : BAD_OFFSETS
}

/**
 * The citation check every answering mode runs. Each citation is validated
 * with {@link citationProblem}; a sentence keeps its valid citations and is
 * moved to `rejected`, with the reason, when it has none ({@link NO_CITATION},
 * {@link NOT_RETRIEVED}, {@link QUOTE_NOT_FOUND}, …). The support check
 * ({@link checkSupport}) then judges each sentence against the quotes of its
 * valid citations (a sentence verbatim in one of its quotes, see
 * `verbatimSource`, is supported as it stands): an unsupported sentence is rejected ({@link UNSUPPORTED}
 * and the reasons), the others carry their verdict. Surviving citations are
 * renumbered densely in order of first use and the answer text is rendered
 * again. When no sentence survives the draft becomes an abstention listing
 * the closest sources. An abstaining draft keeps only its valid closest
 * sources. Pure and deterministic: the input draft is not modified.
 */
export async function checkCitations (draft: Draft, results: readonly SearchResult[]): Promise<Draft> {
  const hashes = new Map<string, boolean>()
  const rejected = draft.rejected.map(r => ({ ...r }))
  if (draft.abstained && draft.sentences.length === 0) {
    const valid: Citation[] = []
    for (const c of draft.closestSources ?? []) {
      if (await citationProblem(c, results, hashes) === undefined) valid.push({ ...c, n: valid.length + 1 })
    }
    const base = abstention(results, draft.llm, draft.abstainedBecause ?? 'model-declined', rejected)
    return draft.closestSources === undefined ? base : { ...base, closestSources: valid }
  }

  const byNumber = new Map<number, Citation>()
  const problems = new Map<number, string | undefined>()
  for (const c of draft.citations) {
    if (byNumber.has(c.n)) continue
    byNumber.set(c.n, c)
    problems.set(c.n, await citationProblem(c, results, hashes))
  }

  const kept: AnswerSentence[] = []
  for (const s of draft.sentences) {
    if (s.citations.length === 0) {
      rejected.push({ text: s.text, reason: NO_CITATION })
      continue
    }
    const valid = [...new Set(s.citations.filter(n => byNumber.has(n) && problems.get(n) === undefined))]
    if (valid.length === 0) {
      const first = s.citations[0] ?? 0
      rejected.push({ text: s.text, reason: byNumber.has(first) ? problems.get(first) ?? NOT_RETRIEVED : NOT_RETRIEVED })
      continue
    }
    const quotes = valid.flatMap(n => { const c = byNumber.get(n); return c !== undefined ? [c] : [] })
    // a sentence that is its quote's words is supported as it stands; only a paraphrase goes through the heuristic checks
    const support = verbatimSource(s.text, quotes) !== undefined
      ? { verdict: 'supported' as const, reasons: [] }
      : checkSupport(s.text, quotes.map(c => sentenceText(c.quote, c.path)))
    if (support.verdict === 'unsupported') {
      rejected.push({ text: s.text, reason: `${UNSUPPORTED}: ${support.reasons.join('; ')}` })
      continue
    }
    kept.push(support.verdict === 'partly'
      ? { text: s.text, citations: valid, support: 'partly', supportNotes: support.reasons }
      : { text: s.text, citations: valid, support: 'supported' })
  }
  if (kept.length === 0) return abstention(results, draft.llm, 'citations-rejected', rejected)

  const renumber = new Map<number, number>()
  const citations: Citation[] = []
  for (const s of kept) {
    for (const n of s.citations) {
      const c = byNumber.get(n)
      if (renumber.has(n) || c === undefined) continue
      renumber.set(n, citations.length + 1)
      const copy: Citation = { ...c, n: citations.length + 1 }
      if (c.headings !== undefined) copy.headings = [...c.headings]
      citations.push(copy)
    }
  }
  const sentences = kept.map(s => ({ ...s, citations: s.citations.map(n => renumber.get(n) ?? n) }))
  return { answer: renderAnswer(sentences), sentences, citations, rejected, abstained: false, llm: draft.llm }
}

/** CIDv1 (raw, sha2-256) of a chunk text's UTF-8 bytes */
async function chunkCidOf (text: string): Promise<CID> {
  return CID.createV1(raw.code, await sha256.digest(encoder.encode(text)))
}

/** Whether the citation's byte offsets are those of some occurrence of its quote in the chunk */
function offsetsAgree (citation: Citation, chunk: Chunk): boolean {
  if (citation.chunkByteStart !== chunk.byteStart || citation.chunkByteEnd !== chunk.byteEnd) return false
  const quoteBytes = utf8Length(citation.quote)
  for (let i = chunk.text.indexOf(citation.quote); i !== -1; i = chunk.text.indexOf(citation.quote, i + 1)) {
    const start = chunk.byteStart + utf8Length(chunk.text.slice(0, i))
    if (start === citation.byteStart && citation.byteEnd === start + quoteBytes) return true
  }
  return false
}
