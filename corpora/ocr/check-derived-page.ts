import { readFile } from '../read-file.js'
import { decodeDagJson, rawCid, type DerivationRecord } from './derivation-record.js'
import { readDerivationRoot, type GetBlock } from './load-derivation.js'
import type { UnixFSReader } from '../unixfs-reader.js'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/** CID equality without `equals`' type narrowing */
const same = (a: CID, b: CID): boolean => a.toString() === b.toString()

/** What {@link checkDerivedPage} is asked to check */
export interface DerivedPageClaim {
  /** Root CID of the corpus named by the answer */
  corpus: CID
  /** The derivation DAG named by the index */
  derivation: CID
  /** Path of the source file (PDF or image) in the corpus, and its CID there */
  path: string
  source: CID
  /** The derived text the quote is from */
  text: CID
  /** The cited page (1-based), if the citation names one */
  page?: number
  /** UTF-8 byte range of the cited chunk in the derived text */
  byteStart: number
  byteEnd: number
}

/** The result of {@link checkDerivedPage} */
export interface DerivedPageCheck {
  ok: boolean
  /** The page's derivation record and its CID, when found */
  record?: DerivationRecord
  recordCid?: CID
  problems: string[]
}

/**
 * Check that a derived text is what its derivation says, for one cited page:
 * the derivation root names the corpus; its entry for the path names the
 * source file's CID and the derived text's CID; the page's record names the
 * same source, page and text, with the cited range inside the page; and the
 * record's page image is in the source file: the bytes at its range of the
 * PDF (or the whole image file) hash to the page image CID. Every block read
 * is hashed against its CID (pass verified reads).
 */
export async function checkDerivedPage (blocks: { get: GetBlock, fs: UnixFSReader }, claim: DerivedPageClaim, options: AbortOptions = {}): Promise<DerivedPageCheck> {
  const problems: string[] = []
  const root = await readDerivationRoot(blocks.get, claim.derivation, options)
  if (!same(root.corpus, claim.corpus)) problems.push(`derivation ${claim.derivation.toString()} is of corpus ${root.corpus.toString()}, not ${claim.corpus.toString()}`)
  const doc = root.documents.find(d => d.path === claim.path)
  if (doc == null) return { ok: false, problems: [...problems, `derivation ${claim.derivation.toString()} has no derived text for "${claim.path}"`] }
  if (!same(doc.source, claim.source)) problems.push(`the derivation's "${claim.path}" is ${doc.source.toString()}, not the corpus file ${claim.source.toString()}`)
  if (!same(doc.text, claim.text)) problems.push(`the derived text of "${claim.path}" is ${doc.text.toString()}, not ${claim.text.toString()}`)
  const page = doc.pages.find(p => claim.page != null ? p.page === claim.page : p.byteStart <= claim.byteStart && claim.byteEnd <= p.byteEnd)
  if (page == null) return { ok: false, problems: [...problems, `no page ${claim.page ?? ''} of "${claim.path}" holds bytes ${claim.byteStart}-${claim.byteEnd}`] }
  if (claim.byteStart < page.byteStart || claim.byteEnd > page.byteEnd) problems.push(`bytes ${claim.byteStart}-${claim.byteEnd} are not inside page ${page.page} (${page.byteStart}-${page.byteEnd})`)
  const recordCid: CID | undefined = page.record
  if (recordCid == null) return { ok: false, problems: [...problems, `page ${page.page} of "${claim.path}" has no OCR record (its text comes from the PDF's text layer)`] }
  const record = await decodeDagJson<DerivationRecord>(await blocks.get(recordCid, options), 'quarry/ocr-page')
  if (!same(record.source.cid, claim.source) || record.source.page !== page.page || record.source.path !== claim.path) problems.push(`record ${recordCid.toString()} is of ${record.source.path} p. ${record.source.page}, not of this page`)
  if (!same(record.output.text, claim.text) || record.output.byteStart !== page.byteStart || record.output.byteEnd !== page.byteEnd) problems.push(`record ${recordCid.toString()} names another text or range than the derivation`)
  const file = await readFile(blocks.fs, claim.source, { ...options, offline: true })
  const { byteStart, byteEnd } = record.pageImage
  const image = byteStart != null && byteEnd != null ? file.subarray(byteStart, byteEnd) : file
  if ((await rawCid(image)).toString() !== record.pageImage.cid) problems.push(`the page image ${record.pageImage.cid} is not in ${claim.path}${byteStart != null ? ` at bytes ${byteStart}-${byteEnd}` : ''}`)
  return { ok: problems.length === 0, record, recordCid, problems }
}
