import { join } from 'node:path'
import { deriveCorpus, type OcrProgressEvent } from './derive-corpus.js'
import { loadDerivation, type DerivedText } from './load-derivation.js'
import type { LazyNode } from '../lazy-node.js'
import type { AbortOptions } from '@libp2p/interface'
import { CID } from 'multiformats/cid'

/** Options for {@link deriveForCorpus} */
export interface DeriveForCorpusOptions extends AbortOptions {
  /** Read scans by OCR. @default true */
  ocr?: boolean
  /** OCR worker threads. @default the number of cores */
  ocrWorkers?: number
  onProgress?(event: OcrProgressEvent): void
}

/** The OCR cache of a home */
export function ocrCacheDir (home: { root: string }): string {
  return join(home.root, 'ocr-cache')
}

/**
 * OCR the scans of a newly added corpus (see `deriveCorpus`) and read back
 * its derived texts: the derivation CID to record with the corpus, and the
 * texts to count and load as its documents.
 */
export async function deriveForCorpus (node: LazyNode, corpus: CID, options: DeriveForCorpusOptions = {}): Promise<{ cid?: CID, derived?: Map<string, DerivedText> }> {
  if (options.ocr === false) return {}
  const started = await node.start()
  const result = await deriveCorpus(started, node.blocks.fs, corpus, {
    cacheDir: ocrCacheDir(node.home),
    signal: options.signal,
    onProgress: options.onProgress,
    ...(options.ocrWorkers != null ? { engine: { workers: options.ocrWorkers } } : {})
  })
  if (result.cid == null) return {}
  return { cid: result.cid, derived: await loadDerivation(node.blocks.get, result.cid, options) }
}

/** The derived texts of a corpus registry entry that names a derivation (none otherwise) */
export async function derivedTextsOf (node: LazyNode, entry: { derivation?: string } | undefined, options: AbortOptions = {}): Promise<Map<string, DerivedText> | undefined> {
  if (entry?.derivation == null) return undefined
  return loadDerivation(node.blocks.get, CID.parse(entry.derivation), options)
}
