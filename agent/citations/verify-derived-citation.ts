import { CID } from 'multiformats/cid'
import { checkDerivedPage, readFile, resolveVerifiedPath, type createVerifiedBlocks } from '../../corpora/index.js'
import type { Citation } from '../answer-record.js'
import type { AbortOptions } from '@libp2p/interface'

/** How a cited OCR text was derived, as its checked derivation record says */
export interface DerivedCitationInfo {
  /** CID of the page's derivation record */
  recordCid: string
  /** The source file (PDF or image) and page the text was read from */
  sourceCid: string
  page: number
  /** CID of the page image read (raw, sha2-256), found in the source file */
  pageImageCid: string
  /** Engine and version, e.g. `tesseract.js 7.0.0` */
  engine: string
  /** Mean word confidence of the page, 0–100 */
  confidence: number
  /** The page's words read with low confidence that the quote holds (a word to check against the page image) */
  lowConfidenceWords: Array<{ text: string, confidence: number }>
}

/** What the derived-text check adds to a citation's verification */
export interface DerivedCitationCheck {
  ok: boolean
  problems: string[]
  derivation?: DerivedCitationInfo
}

type Blocks = Awaited<ReturnType<typeof createVerifiedBlocks>>

/** The derivation CID named by an index's manifest (every block on the way hashed) */
async function derivationOf (blocks: Blocks, indexCid: string, options: AbortOptions): Promise<CID | undefined> {
  const manifestCid = await resolveVerifiedPath(blocks, CID.parse(indexCid), 'manifest.json', options)
  const manifest = JSON.parse(new TextDecoder().decode(await readFile(blocks.fs, manifestCid, { ...options, offline: true }))) as { derivation?: unknown }
  return typeof manifest.derivation === 'string' ? CID.parse(manifest.derivation) : undefined
}

/**
 * Check a citation whose document is not the file at its path but a text
 * derived from it (OCR of a scan): the index the answer names records a
 * derivation DAG; its entry for the path names this text and the corpus
 * file; the cited page's record names the same source, page and text; and
 * the page image the record names is in the source file's blocks
 * (`checkDerivedPage`). Passing means the quote is in a text that the named
 * engine read from that page of that file.
 */
export async function verifyDerivedCitation (blocks: Blocks, claim: { corpus: CID, source: CID, docCid: CID, indexCid?: string, citation: Citation }, options: AbortOptions = {}): Promise<DerivedCitationCheck> {
  const c = claim.citation
  if (claim.indexCid == null) return { ok: false, problems: [`document ${c.docCid} is not the file at "${c.path}" (${claim.source.toString()}) and the record names no index to find a derivation in`] }
  const derivation = await derivationOf(blocks, claim.indexCid, options)
  if (derivation == null) return { ok: false, problems: [`document ${c.docCid} is not at "${c.path}" in corpus (that path holds ${claim.source.toString()}) and index ${claim.indexCid} names no derivation`] }
  const check = await checkDerivedPage(blocks, {
    corpus: claim.corpus,
    derivation,
    path: c.path,
    source: claim.source,
    text: claim.docCid,
    ...(c.page != null ? { page: c.page } : {}),
    byteStart: c.chunkByteStart,
    byteEnd: c.chunkByteEnd
  }, options)
  const r = check.record
  const info = r == null || check.recordCid == null
    ? undefined
    : { recordCid: check.recordCid.toString(), sourceCid: r.source.cid.toString(), page: r.source.page, pageImageCid: r.pageImage.cid, engine: `${r.engine.name} ${r.engine.version}`, confidence: r.confidence, lowConfidenceWords: lowConfidenceInQuote(c.quote, r.lowConfidenceWords ?? []) }
  return { ok: check.ok, problems: check.problems, ...(info != null ? { derivation: info } : {}) }
}

/** The page's low-confidence words that stand as whole (whitespace-delimited) words in `quote`, each once, in the page's order */
export function lowConfidenceInQuote (quote: string, words: ReadonlyArray<{ text: string, confidence: number }>): Array<{ text: string, confidence: number }> {
  const inQuote = new Set(quote.split(/\s+/).filter(w => w !== ''))
  const seen = new Set<string>()
  return words.filter(w => inQuote.has(w.text) && !seen.has(w.text) && seen.add(w.text) !== undefined).map(w => ({ text: w.text, confidence: w.confidence }))
}
