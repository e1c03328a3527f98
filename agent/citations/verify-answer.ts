import { CID } from 'multiformats/cid'
import { createVerifiedBlocks, loadDocument, resolveVerifiedPath, verifyBlocksUnder } from '../../corpora/index.js'
import { chunkCid as hashChunk } from '../../indexes/index.js'
import { NOT_FOUND_ANSWER, renderAnswer } from '../draft.js'
import { checkSupport, isQuotedFrom, type SupportVerdict } from './support-check.js'
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
  problems: string[]
}

/** The check of one answer sentence */
export interface SentenceVerification {
  /** 1-based position in `sentences` */
  i: number
  text: string
  citations: number[]
  ok: boolean
  /** `quote` for an extractive sentence taken from its quote, else the support check's verdict */
  verdict: SupportVerdict | 'quote'
  problems: string[]
}

/** The result of {@link verifyAnswer} */
export interface AnswerVerification {
  ok: boolean
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
}

/** The parts of an answer record that {@link verifyAnswer} reads */
export type VerifiableRecord = Pick<AnswerRecord, 'corpusCid' | 'citations'> & Partial<Pick<AnswerRecord, 'answer' | 'sentences' | 'mode' | 'abstained'>>

/**
 * Re-check an answer record against IPFS, trusting nothing local. For each
 * citation: every block of the cited document is read and hashed against its
 * CID (fetched from peers/gateways when the node is online and the block is
 * not local); the document is at the cited path under the record's corpus
 * root (each directory block on the way hashed too); the bytes at the chunk
 * range hash to the chunk CID; the quote is exactly the bytes at its range,
 * inside the chunk. Then each answer sentence must cite only citations that
 * verify and be a quote (extractive mode) or pass the support check
 * ({@link checkSupport}), and the answer text must be its sentences rendered.
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
  for (const c of record.citations) citations.push(await verifyCitation(blocks, root, rootProblem, c, options))
  const { sentences, problems } = verifySentences(record, citations)
  const ok = citations.every(c => c.ok) && sentences.every(s => s.ok) && problems.length === 0
  return { ok, corpusCid: record.corpusCid, citations, sentences, problems }
}

async function verifyCitation (blocks: Awaited<ReturnType<typeof createVerifiedBlocks>>, root: CID | undefined, rootProblem: string | undefined, c: Citation, options: VerifyAnswerOptions): Promise<CitationVerification> {
  const v: CitationVerification = { n: c.n, chunkCid: c.chunkCid, ok: false, documentFetched: false, documentBlocks: 0, inCorpus: false, chunkHashMatches: false, quoteMatches: false, problems: [] }
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
      else v.problems.push(`document ${c.docCid} is not at "${filePath}" in corpus (that path holds ${at.toString()})`)
    } catch (err) {
      v.problems.push(`document ${c.docCid} is not at "${filePath}" in corpus: ${(err as Error).message}`)
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
    v.problems.push(`could not read document ${c.docCid}: ${(err as Error).message}`)
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
function verifySentences (record: VerifiableRecord, citations: readonly CitationVerification[]): { sentences: SentenceVerification[], problems: string[] } {
  const problems: string[] = []
  const sentences: SentenceVerification[] = []
  if (record.sentences == null) {
    if (record.answer != null) problems.push('the record has an answer but no sentences to check it against')
    return { sentences, problems }
  }
  record.sentences.forEach((s, idx) => {
    const v: SentenceVerification = { i: idx + 1, text: s.text, citations: [...s.citations], ok: false, verdict: 'unsupported', problems: [] }
    const cited = s.citations.map(n => ({ n, c: record.citations.find(c => c.n === n), check: citations.find(c => c.n === n) }))
    for (const x of cited) {
      if (x.c == null) v.problems.push(`cites [${x.n}], which is not a citation of the record`)
      else if (x.check?.ok !== true) v.problems.push(`cites [${x.n}], which does not verify`)
    }
    if (s.citations.length === 0) v.problems.push('cites nothing')
    const quotes = cited.flatMap(x => x.c != null ? [x.c.quote] : [])
    const support = checkSupport(s.text, quotes)
    if (record.mode === 'extractive') {
      if (isQuotedFrom(s.text, quotes) && support.verdict !== 'unsupported') v.verdict = 'quote'
      else v.problems.push('an extractive sentence must be the words of its quote', ...support.reasons)
    } else {
      v.verdict = support.verdict
      if (support.verdict === 'unsupported') v.problems.push(...support.reasons)
    }
    v.ok = v.problems.length === 0
    sentences.push(v)
  })
  if (record.abstained === true) {
    if (record.sentences.length > 0) problems.push('the record abstains but has answer sentences')
    if (record.answer != null && record.answer !== NOT_FOUND_ANSWER) problems.push(`an abstaining answer must read "${NOT_FOUND_ANSWER}"`)
  } else if (record.answer != null && record.answer !== renderAnswer(record.sentences)) {
    problems.push('the answer text is not its sentences with their citation markers (it was changed after the check)')
  }
  return { sentences, problems }
}
