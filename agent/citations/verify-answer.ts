import { CID } from 'multiformats/cid'
import { createVerifiedBlocks, loadDocument, resolveVerifiedPath, verifyBlocksUnder } from '../../corpora/index.js'
import { chunkCid as hashChunk } from '../../indexes/index.js'
import { NOT_FOUND_ANSWER, renderAnswer } from '../draft.js'
import { sentenceText } from '../../indexes/index.js'
import { verifyDerivedCitation, type DerivedCitationInfo } from './verify-derived-citation.js'
import { checkSupport, type CheckOutcome, type SupportCheckName } from './support-check.js'
import { verbatimSource, type VerbatimSource } from './verbatim.js'
import type { AnswerRecord, Citation } from '../answer-record.js'
import type { Helia } from 'helia'
import type { AbortOptions } from '@libp2p/interface'

/** The checks run on one citation */
export interface CitationVerification {
  n: number
  chunkCid: string
  ok: boolean
  /** Every block of the cited document was read and re-hashed against its CID */
  documentFetched: boolean
  /** Blocks of the document that were hashed */
  documentBlocks: number
  /** The document file is at the cited path under `corpusCid` (each directory block on the way re-hashed) */
  inCorpus: boolean
  /** The bytes at the chunk range hash to `chunkCid` */
  chunkHashMatches: boolean
  /** The quote is exactly the bytes at its range, inside the chunk */
  quoteMatches: boolean
  /** What is false about the citation */
  problems: string[]
  /** What could not be checked: blocks that are not in the local store and could not be fetched (not a sign of forgery) */
  missing: string[]
  /** For a text read by OCR: its checked derivation (record, source file and page, page image, engine); `inCorpus` then means derived from the file at the path */
  derivation?: DerivedCitationInfo
}

/** The check of one answer sentence */
export interface SentenceVerification {
  /** 1-based position in `sentences` */
  i: number
  text: string
  citations: number[]
  ok: boolean
  /**
   * `verbatim` when the sentence is its quote's words after the shared
   * normalisation (whatever the record's `mode` says); otherwise a paraphrase
   * and the support check's verdict (`supported`, `partly`, `unsupported`)
   */
  verdict: 'verbatim' | 'supported' | 'partly' | 'unsupported'
  /** Where a verbatim sentence's words are in the document (citation and byte range) */
  source?: VerbatimSource
  /** A paraphrase's tests (negation, antonyms, numbers, dates, entities, …) and their outcomes */
  checks?: Record<SupportCheckName, CheckOutcome>
  /** True when the sentence could not be fully checked because a citation it uses could not be read */
  unchecked: boolean
  problems: string[]
}

/** The result of {@link verifyAnswer} */
export interface AnswerVerification {
  /** True only when everything was checked and passed (`status` is `verified`) */
  ok: boolean
  /**
   * `verified`: every check ran and passed; `false`: something is false (a
   * quote, block, path, sentence or the answer text); `unchecked`: nothing
   * found false, but some blocks could not be read (see `missing`)
   */
  status: 'verified' | 'false' | 'unchecked'
  /** Sentences were held to verbatim ({@link VerifyAnswerOptions.strict}) */
  strict: boolean
  /** What could not be checked (missing blocks, each naming its citation) */
  missing: string[]
  corpusCid: string
  citations: CitationVerification[]
  /** One entry per answer sentence (empty when the record has no sentences) */
  sentences: SentenceVerification[]
  /** Problems with the answer as a whole (its text does not match its sentences, …) */
  problems: string[]
}

/** Options for {@link verifyAnswer} */
export interface VerifyAnswerOptions extends AbortOptions {
  /** Never fetch from the network. @default true */
  offline?: boolean
  /** Fail every sentence that is not verbatim in its quotes (a paraphrase, however well supported). @default false */
  strict?: boolean
}

/** The parts of an answer record that {@link verifyAnswer} reads */
export type VerifiableRecord = Pick<AnswerRecord, 'corpusCid' | 'citations'> & Partial<Pick<AnswerRecord, 'answer' | 'sentences' | 'mode' | 'abstained' | 'indexCid'>>

/** Error names of a block that is not there and could not be fetched */
const MISSING = new Set(['BlockNotFoundError'])
const isMissing = (err: unknown): boolean => MISSING.has((err as Error | undefined)?.name ?? '')

/**
 * Re-check an answer record against IPFS, trusting nothing local. For each
 * citation: every block of the cited document is read and hashed against its
 * CID (fetched from peers/gateways when the node is online and the block is
 * not local); the document is at the cited path under the record's corpus
 * root (each directory block on the way hashed too); the bytes at the chunk
 * range hash to the chunk CID; the quote is exactly the bytes at its range,
 * inside the chunk. Then each answer sentence must cite only citations that
 * verify and is judged on its own, whatever the record claims: `verbatim`
 * when it is its quote's words after the shared normalisation
 * (`sentenceText`, see {@link verbatimSource}), else a paraphrase that must
 * pass the support check ({@link checkSupport}; with `strict`, a paraphrase
 * fails). A record that says `mode: "extractive"` must have only verbatim
 * sentences, and the answer text must be its sentences rendered.
 *
 * A block that is missing and cannot be fetched is not a failure of the
 * answer: it is listed in `missing` and, when nothing is false, the status
 * is `unchecked`.
 */
export async function verifyAnswer (node: { helia: Pick<Helia, 'blockstore' | 'getHasher'> }, record: VerifiableRecord, options: VerifyAnswerOptions = {}): Promise<AnswerVerification> {
  const blocks = await createVerifiedBlocks(node.helia, { offline: options.offline ?? true })
  let root: CID | undefined
  let rootProblem: string | undefined
  try {
    root = CID.parse(record.corpusCid)
  } catch {
    rootProblem = `corpusCid "${record.corpusCid}" is not a CID`
  }
  const citations: CitationVerification[] = []
  for (const c of record.citations) citations.push(await verifyCitation(blocks, root, rootProblem, c, { ...options, indexCid: record.indexCid }))
  const strict = options.strict ?? false
  const { sentences, problems } = verifySentences(record, citations, strict)
  const missing = citations.flatMap(c => c.missing.map(m => `[${c.n}] ${m}`))
  const isFalse = problems.length > 0 || citations.some(c => c.problems.length > 0) || sentences.some(s => !s.ok && !s.unchecked)
  const status = isFalse ? 'false' : missing.length > 0 ? 'unchecked' : 'verified'
  return { ok: status === 'verified', status, strict, missing, corpusCid: record.corpusCid, citations, sentences, problems }
}

async function verifyCitation (blocks: Awaited<ReturnType<typeof createVerifiedBlocks>>, root: CID | undefined, rootProblem: string | undefined, c: Citation, options: VerifyAnswerOptions & { indexCid?: string }): Promise<CitationVerification> {
  const v: CitationVerification = { n: c.n, chunkCid: c.chunkCid, ok: false, documentFetched: false, documentBlocks: 0, inCorpus: false, chunkHashMatches: false, quoteMatches: false, problems: [], missing: [] }
  const filePath = c.path.includes('#') ? c.path.slice(0, c.path.indexOf('#')) : c.path
  let docCid: CID
  try {
    docCid = CID.parse(c.docCid)
  } catch {
    v.problems.push(`docCid "${c.docCid}" is not a CID`)
    return v
  }
  if (rootProblem != null || root == null) {
    v.problems.push(rootProblem ?? 'no corpus CID')
  } else {
    try {
      const at = await resolveVerifiedPath(blocks, root, filePath, options)
      if (at.equals(docCid)) v.inCorpus = true
      else {
        // a text read by OCR from the file at the path: checked through its derivation record (verify-derived-citation.ts)
        const derived = await verifyDerivedCitation(blocks, { corpus: root, source: at, docCid, indexCid: options.indexCid, citation: c }, options)
        v.inCorpus = derived.ok
        v.problems.push(...derived.problems)
        if (derived.derivation != null) v.derivation = derived.derivation
      }
    } catch (err) {
      if (isMissing(err)) v.missing.push(`the corpus folders down to "${filePath}": ${(err as Error).message}`)
      else v.problems.push(`document ${c.docCid} is not at "${filePath}" in corpus: ${(err as Error).message}`)
    }
  }
  let text: string
  try {
    v.documentBlocks = await verifyBlocksUnder(blocks, docCid, options)
    const doc = await loadDocument(blocks.fs, docCid, c.path, { ...options, offline: true })
    if (doc == null) throw new Error(`no document "${c.path}" in ${c.docCid}`)
    text = doc.text
    v.documentFetched = true
  } catch (err) {
    if (isMissing(err)) v.missing.push(`document ${c.docCid}: ${(err as Error).message}`)
    else v.problems.push(`could not read document ${c.docCid}: ${(err as Error).message}`)
    return v
  }
  const bytes = Buffer.from(text, 'utf8')
  const inRange = (a: number, b: number): boolean => Number.isInteger(a) && Number.isInteger(b) && a >= 0 && a <= b && b <= bytes.byteLength
  if (inRange(c.chunkByteStart, c.chunkByteEnd)) {
    const chunkText = bytes.subarray(c.chunkByteStart, c.chunkByteEnd).toString('utf8')
    v.chunkHashMatches = (await hashChunk(chunkText)).toString() === c.chunkCid
    if (!v.chunkHashMatches) v.problems.push(`bytes ${c.chunkByteStart}-${c.chunkByteEnd} of the document do not hash to ${c.chunkCid}`)
  } else {
    v.problems.push(`chunk range ${c.chunkByteStart}-${c.chunkByteEnd} is outside the document`)
  }
  if (inRange(c.byteStart, c.byteEnd) && c.byteStart >= c.chunkByteStart && c.byteEnd <= c.chunkByteEnd) {
    v.quoteMatches = c.quote !== '' && bytes.subarray(c.byteStart, c.byteEnd).toString('utf8') === c.quote
    if (!v.quoteMatches) v.problems.push(`the quote is not what the document says at bytes ${c.byteStart}-${c.byteEnd}`)
  } else {
    v.problems.push(`quote range ${c.byteStart}-${c.byteEnd} is not inside the cited chunk`)
  }
  v.ok = v.inCorpus && v.documentFetched && v.chunkHashMatches && v.quoteMatches
  return v
}

/** Check each sentence against its (verified) citations and the answer text against the sentences */
function verifySentences (record: VerifiableRecord, citations: readonly CitationVerification[], strict: boolean): { sentences: SentenceVerification[], problems: string[] } {
  const problems: string[] = []
  if (record.sentences == null) {
    if (record.answer != null) problems.push('the record has an answer but no sentences to check it against')
    return { sentences: [], problems }
  }
  const sentences = record.sentences.map((s, idx) => verifySentence(s, idx + 1, record, citations, strict))
  const paraphrased = sentences.filter(s => s.verdict !== 'verbatim').map(s => `S${s.i}`)
  if (record.mode === 'extractive' && paraphrased.length > 0) problems.push(`the record says it is extractive (every sentence its quote's words), but ${paraphrased.join(', ')} ${paraphrased.length === 1 ? 'is' : 'are'} not`)
  if (record.abstained === true) {
    if (record.sentences.length > 0) problems.push('the record abstains but has answer sentences')
    if (record.answer != null && record.answer !== NOT_FOUND_ANSWER) problems.push(`an abstaining answer must read "${NOT_FOUND_ANSWER}"`)
  } else if (record.answer != null && record.answer !== renderAnswer(record.sentences)) {
    problems.push('the answer text is not its sentences with their citation markers (it was changed after the check)')
  }
  return { sentences, problems }
}

/** One sentence: verbatim in a quote it cites, or a paraphrase judged by the support check */
function verifySentence (s: { text: string, citations: number[] }, i: number, record: VerifiableRecord, checked: readonly CitationVerification[], strict: boolean): SentenceVerification {
  const v: SentenceVerification = { i, text: s.text, citations: [...s.citations], ok: false, verdict: 'unsupported', unchecked: false, problems: [] }
  const cited = s.citations.map(n => ({ n, c: record.citations.find(c => c.n === n), check: checked.find(c => c.n === n) }))
  let unreadable = false
  for (const x of cited) {
    if (x.c == null) v.problems.push(`cites [${x.n}], which is not a citation of the record`)
    else if (x.check != null && x.check.problems.length === 0 && x.check.missing.length > 0) unreadable = true
    else if (x.check?.ok !== true) v.problems.push(`cites [${x.n}], which does not verify`)
  }
  if (s.citations.length === 0) v.problems.push('cites nothing')
  const quotes = cited.flatMap(x => x.c != null ? [x.c] : [])
  const source = verbatimSource(s.text, quotes)
  if (source !== undefined) {
    v.verdict = 'verbatim'
    v.source = source
  } else {
    const support = checkSupport(s.text, quotes.map(c => sentenceText(c.quote, c.path)))
    v.verdict = support.verdict
    v.checks = support.checks
    if (support.verdict === 'unsupported') v.problems.push(...support.reasons)
    if (strict) v.problems.push('not verbatim: strict verification accepts only sentences that are their quote\'s words')
  }
  v.unchecked = unreadable && v.problems.length === 0
  v.ok = v.problems.length === 0 && !unreadable
  return v
}
