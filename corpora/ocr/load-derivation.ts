import { decodeDagJson, type DerivationRoot } from './derivation-record.js'
import { DerivationError } from './errors.js'
import type { DocumentPage } from '../document.js'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/** A derived text ready to load as a document */
export interface DerivedText {
  /** Path of the source file */
  path: string
  /** CID of the source file (PDF or image) */
  source: CID
  /** CID (raw) of the derived text: the document CID its chunks cite */
  textCid: CID
  text: string
  /** Pages with their byte ranges in `text` */
  pages: DocumentPage[]
  /** Page number → derivation record CID, for OCR'd pages */
  records: Map<number, CID>
}

/** Reads blocks, each hashed against its CID */
export type GetBlock = (cid: CID, options?: AbortOptions) => Promise<Uint8Array>

/** Read a derivation root block */
export async function readDerivationRoot (get: GetBlock, cid: CID, options: AbortOptions = {}): Promise<DerivationRoot> {
  return await decodeDagJson<DerivationRoot>(await get(cid, options), 'quarry/derivations')
}

/**
 * Read a derivation DAG: every derived text by the path of its source file
 * (each block hashed against its CID as it is read).
 *
 * @throws {DerivationError} when the root is not a derivation root
 */
export async function loadDerivation (get: GetBlock, cid: CID, options: AbortOptions = {}): Promise<Map<string, DerivedText>> {
  const root = await readDerivationRoot(get, cid, options)
  const out = new Map<string, DerivedText>()
  const decoder = new TextDecoder('utf-8', { fatal: true })
  for (const d of root.documents) {
    let text: string
    try {
      text = decoder.decode(await get(d.text, options))
    } catch (err) {
      throw new DerivationError(`The derived text ${d.text.toString()} of ${d.path} cannot be read: ${(err as Error).message}`, { cause: err })
    }
    const records = new Map<number, CID>()
    for (const p of d.pages) if (p.record != null) records.set(p.page, p.record)
    out.set(d.path, { path: d.path, source: d.source, textCid: d.text, text, pages: d.pages.map(p => ({ number: p.page, byteStart: p.byteStart, byteEnd: p.byteEnd })), records })
  }
  return out
}
