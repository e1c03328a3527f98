import { decodeDagJson, type DerivationRecord } from './derivation-record.js'
import { readDerivationRoot, type GetBlock } from './load-derivation.js'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/** Pages whose mean word confidence is under this (0–100) are listed as low-confidence. Hard scans measured 84–88, clean ones 93–96 (bench/ocr) */
export const DEFAULT_LOW_PAGE_CONFIDENCE = 90

/** OCR quality of one derived document */
export interface OcrDocumentReport {
  path: string
  sourceCid: string
  textCid: string
  /** Pages of the document, and how many were read by OCR (the others came from a text layer) */
  pages: number
  ocrPages: number
  /** Mean of the OCR'd pages' confidences, 0–100 */
  meanConfidence: number
  /** OCR'd pages under the threshold, with their confidence and low-confidence word count */
  lowPages: Array<{ page: number, confidence: number, lowWords: number, record: string }>
  /** Engine that read the pages, e.g. `tesseract.js 7.0.0 (eng)` */
  engine: string
}

/**
 * Per document of a derivation DAG: pages read by OCR, their mean
 * confidence, and the pages under `threshold` (the ones to distrust).
 */
export async function ocrReport (get: GetBlock, derivation: CID, options: AbortOptions & { threshold?: number } = {}): Promise<OcrDocumentReport[]> {
  const threshold = options.threshold ?? DEFAULT_LOW_PAGE_CONFIDENCE
  const root = await readDerivationRoot(get, derivation, options)
  const out: OcrDocumentReport[] = []
  for (const d of root.documents) {
    const records: Array<{ page: number, cid: CID, r: DerivationRecord }> = []
    for (const p of d.pages) {
      if (p.record != null) records.push({ page: p.page, cid: p.record, r: await decodeDagJson<DerivationRecord>(await get(p.record, options), 'quarry/ocr-page') })
    }
    const mean = records.length === 0 ? 0 : records.reduce((s, x) => s + x.r.confidence, 0) / records.length
    const first = records[0]?.r
    out.push({
      path: d.path,
      sourceCid: d.source.toString(),
      textCid: d.text.toString(),
      pages: d.pages.length,
      ocrPages: records.length,
      meanConfidence: Math.round(mean * 10) / 10,
      lowPages: records.filter(x => x.r.confidence < threshold).map(x => ({ page: x.page, confidence: x.r.confidence, lowWords: x.r.lowConfidenceWords.length, record: x.cid.toString() })),
      engine: first == null ? '' : `${first.engine.name} ${first.engine.version} (${first.language.code})`
    })
  }
  return out
}
