import { readFile } from '../read-file.js'
import { decodeDagJson, rawCid, type DerivationRecord } from './derivation-record.js'
import { createOcrEngine, type OcrEngine, type OcrEngineInfo, type OcrEngineOptions } from './ocr-engine.js'
import { decodePdfPageImage, pdfImageDecoder } from './decode-pdf-page-image.js'
import { pageToPng, preprocessPage, type PreprocessSteps } from './preprocess-page.js'
import type { GetBlock } from './load-derivation.js'
import type { UnixFSReader } from '../unixfs-reader.js'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'
import { editDistance } from './edit-distance.js'

/** What re-reading a page gave, against the text its record names */
export interface RederivedPage {
  recordCid: string
  path: string
  page: number
  /** The engine, language data and preprocessing library here are the record's */
  sameEngine: boolean
  /** The page text read again is byte for byte the recorded one */
  identical: boolean
  /** Levenshtein distance between the recorded and the re-read page text (0 when identical) */
  editDistance: number
  /** What differs between this engine and the record's, when `sameEngine` is false */
  engineDifferences: string[]
}

/** Engine options that read a page as its record says it was read */
export function recordEngineOptions (record: DerivationRecord): OcrEngineOptions {
  const e = record.engine
  return {
    workers: 1,
    psm: e.psm,
    language: record.language.code,
    ...(e.dpi != null ? { dpi: e.dpi } : {}),
    ...(e.parameters != null ? { parameters: e.parameters } : {}),
    corrections: e.corrections ?? [],
    // records made before the second look was a setting read each word once
    secondLook: e.secondLook ?? false
  }
}

/** Whether an engine reads with the settings a record names (the engine's version aside) */
function sameSettings (info: OcrEngineInfo, record: DerivationRecord): boolean {
  const e = record.engine
  return info.psm === e.psm && info.language === record.language.code && info.dpi === e.dpi && JSON.stringify(info.corrections) === JSON.stringify(e.corrections) && JSON.stringify(info.parameters) === JSON.stringify(e.parameters) && JSON.stringify(info.secondLook) === JSON.stringify(e.secondLook)
}

/**
 * Re-run OCR on the page a derivation record names: take its page image from
 * the source file (checked against the record's page image CID), preprocess
 * it with the record's steps, read it with the installed engine and the
 * record's page segmentation mode, and compare with the page's text in the
 * derived text. Pass an `engine` to reuse one across pages.
 */
export async function rederivePage (blocks: { get: GetBlock, fs: UnixFSReader }, recordCid: CID, options: AbortOptions & { engine?: OcrEngine } = {}): Promise<RederivedPage> {
  const record = await decodeDagJson<DerivationRecord>(await blocks.get(recordCid, options), 'quarry/ocr-page')
  const file = await readFile(blocks.fs, record.source.cid, { ...options, offline: true })
  const { byteStart, byteEnd } = record.pageImage
  const image = byteStart != null && byteEnd != null ? file.subarray(byteStart, byteEnd) : file
  if ((await rawCid(image)).toString() !== record.pageImage.cid) throw new Error(`the page image of record ${recordCid.toString()} is not in ${record.source.path}`)
  const recorded = new TextDecoder().decode((await blocks.get(record.output.text, options)).subarray(record.output.byteStart, record.output.byteEnd))
  // a shared engine is used only when it reads with the record's settings
  const shared = options.engine != null && sameSettings(options.engine.info, record) ? options.engine : undefined
  const engine = shared ?? await createOcrEngine(recordEngineOptions(record))
  try {
    // a PDF image stream other than a JPEG is decoded by pdf.js, as when it was read
    const decoded = record.pageImage.decoder != null ? await decodePdfPageImage(file, record.source.page, record.pageImage) : image
    const decoder = record.pageImage.decoder != null ? await pdfImageDecoder() : undefined
    // records made before resizing, despeckling or the speck size were settings read the page as it was then
    const steps: PreprocessSteps = record.preprocessing.steps
    const pre = await preprocessPage(decoded, { scale: 1, despeckle: false, speckSize: 0.5, ...steps })
    const result = await engine.recognize(await pageToPng(pre), options)
    const { default: sharp } = await import('sharp')
    const library = `sharp@${sharp.versions.sharp ?? '?'} (libvips ${sharp.versions.vips})`
    const i = engine.info
    const engineDifferences = [
      i.revision !== record.engine.revision ? `Quarry OCR revision ${i.revision} (record: ${record.engine.revision ?? 'none, made before revisions were recorded'})` : '',
      i.version !== record.engine.version ? `tesseract.js ${i.version} (record: ${record.engine.version})` : '',
      i.coreVersion !== record.engine.coreVersion ? `tesseract.js-core ${i.coreVersion} (record: ${record.engine.coreVersion})` : '',
      i.languageDataCid !== record.language.cid ? `language data ${i.languageDataCid} (record: ${record.language.cid})` : '',
      i.psm !== record.engine.psm ? `psm ${i.psm} (record: ${record.engine.psm})` : '',
      JSON.stringify([i.dpi, i.parameters, i.corrections, i.secondLook]) !== JSON.stringify([record.engine.dpi, record.engine.parameters, record.engine.corrections, record.engine.secondLook]) ? `settings ${JSON.stringify({ dpi: i.dpi, parameters: i.parameters, corrections: i.corrections, secondLook: i.secondLook })} (record: ${JSON.stringify({ dpi: record.engine.dpi, parameters: record.engine.parameters, corrections: record.engine.corrections, secondLook: record.engine.secondLook })})` : '',
      library !== record.preprocessing.library ? `${library} (record: ${record.preprocessing.library})` : '',
      decoder !== record.pageImage.decoder ? `${decoder ?? '?'} (record: ${record.pageImage.decoder ?? '?'})` : ''
    ].filter(s => s !== '')
    const identical = result.text === recorded
    return { recordCid: recordCid.toString(), path: record.source.path, page: record.source.page, sameEngine: engineDifferences.length === 0, identical, editDistance: identical ? 0 : editDistance(recorded, result.text), engineDifferences }
  } finally {
    if (shared == null) await engine.close()
  }
}
