import { CID } from 'multiformats/cid'
import { listCorpusFiles, loadDocument } from '../corpora/index.js'
import { chunkCid as hashChunk } from '../indexes/index.js'
import type { AnswerRecord, Citation } from './answer-record.js'
import type { UnixFS } from '@helia/unixfs'
import type { AbortOptions } from '@libp2p/interface'

/** The checks run on one citation */
export interface CitationVerification {
  n: number
  chunkCid: string
  ok: boolean
  /** The cited document was fetched (and its blocks hash-checked by Helia) */
  documentFetched: boolean
  /** The document file is part of the corpus DAG at `corpusCid`, at the cited path */
  inCorpus: boolean
  /** The bytes at the chunk range hash to `chunkCid` */
  chunkHashMatches: boolean
  /** The quote is exactly the bytes at its range, inside the chunk */
  quoteMatches: boolean
  problems: string[]
}

/** The result of {@link verifyAnswer} */
export interface AnswerVerification {
  ok: boolean
  corpusCid: string
  citations: CitationVerification[]
}

/** Options for {@link verifyAnswer} */
export interface VerifyAnswerOptions extends AbortOptions {
  /** Never fetch from the network. @default false */
  offline?: boolean
}

/**
 * Re-check an answer record against IPFS: for each citation, fetch the cited
 * document by CID, confirm it sits in the corpus DAG at the cited path,
 * re-hash the cited chunk range to its `chunkCid`, and check that the quote
 * is exactly the bytes at its range. Any tampering with a quote, an offset or
 * a CID fails the citation.
 */
export async function verifyAnswer (fs: UnixFS, record: Pick<AnswerRecord, 'corpusCid' | 'citations'>, options: VerifyAnswerOptions = {}): Promise<AnswerVerification> {
  const problemsAll: CitationVerification[] = []
  let corpusFiles: Map<string, string> | undefined
  let corpusProblem: string | undefined
  try {
    const root = CID.parse(record.corpusCid)
    corpusFiles = new Map()
    for await (const f of listCorpusFiles(fs, root, options)) corpusFiles.set(f.path, f.cid.toString())
  } catch (err) {
    corpusProblem = `corpus ${record.corpusCid} could not be read: ${(err as Error).message}`
  }
  for (const c of record.citations) {
    problemsAll.push(await verifyCitation(fs, c, corpusFiles, corpusProblem, options))
  }
  return { ok: problemsAll.every(c => c.ok), corpusCid: record.corpusCid, citations: problemsAll }
}

async function verifyCitation (fs: UnixFS, c: Citation, corpusFiles: Map<string, string> | undefined, corpusProblem: string | undefined, options: VerifyAnswerOptions): Promise<CitationVerification> {
  const v: CitationVerification = { n: c.n, chunkCid: c.chunkCid, ok: false, documentFetched: false, inCorpus: false, chunkHashMatches: false, quoteMatches: false, problems: [] }
  const filePath = c.path.includes('#') ? c.path.slice(0, c.path.indexOf('#')) : c.path
  if (corpusProblem != null) v.problems.push(corpusProblem)
  else if (corpusFiles?.get(filePath) === c.docCid) v.inCorpus = true
  else v.problems.push(`document ${c.docCid} is not at "${filePath}" in corpus`)
  let docCid: CID
  try {
    docCid = CID.parse(c.docCid)
  } catch {
    v.problems.push(`docCid "${c.docCid}" is not a CID`)
    return v
  }
  let text: string
  try {
    const doc = await loadDocument(fs, docCid, c.path, options)
    if (doc == null) throw new Error(`no document "${c.path}" in ${c.docCid}`)
    text = doc.text
    v.documentFetched = true
  } catch (err) {
    v.problems.push(`could not fetch document ${c.docCid}: ${(err as Error).message}`)
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
    v.quoteMatches = bytes.subarray(c.byteStart, c.byteEnd).toString('utf8') === c.quote
    if (!v.quoteMatches) v.problems.push(`the quote is not what the document says at bytes ${c.byteStart}-${c.byteEnd}`)
  } else {
    v.problems.push(`quote range ${c.byteStart}-${c.byteEnd} is not inside the cited chunk`)
  }
  v.ok = v.inCorpus && v.documentFetched && v.chunkHashMatches && v.quoteMatches
  return v
}
