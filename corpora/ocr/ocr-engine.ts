import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { OcrEngineError } from './errors.js'
import { restoreCapitals, zeroInCapitals, type OcrLine } from './letter-case.js'
import { replaceWords } from './replace-words.js'
import { straySymbols } from './stray-symbols.js'
import { DEFAULT_SECOND_LOOK, secondLook, type LookRegion, type OcrWord, type SecondLookSettings } from './second-look.js'
import type { AbortOptions } from '@libp2p/interface'

/**
 * Tesseract page segmentation mode used for every page: 4 = one column of
 * text of variable sizes. Typed records (memos, cables, forms) are one
 * column; psm 3 (fully automatic, tesseract's default) reads a form's label
 * and value columns one after the other (7.9 % CER on scanned-jfk's form
 * against 0.2 % with psm 4, bench/ocr/README.md). A page set in true
 * newspaper-style columns would be read across the columns with psm 4
 */
export const DEFAULT_PSM = 4

/** A word the engine read with less confidence than {@link LOW_CONFIDENCE} */
export interface LowConfidenceWord {
  text: string
  /** Tesseract's word confidence, 0–100 */
  confidence: number
}

/**
 * A correction of the engine's text: `zero-in-capitals` reads a 0 in a run
 * of capitals with no other digit as the letter O (`zeroInCapitals`);
 * `capitals-by-height` makes a word's first letter upper case when its glyph
 * is as tall as the line's capitals (`restoreCapitals`); `stray-symbols`
 * drops a symbol such as `©`, `®` or `«` that only one low-confidence word of
 * the page holds, or makes it a space between two letters (`straySymbols`)
 */
export type TextCorrection = 'zero-in-capitals' | 'capitals-by-height' | 'stray-symbols'

/** The corrections applied unless told otherwise (chosen with bench/ocr) */
export const DEFAULT_CORRECTIONS: TextCorrection[] = ['stray-symbols', 'zero-in-capitals']

/** Words under this confidence (0–100) are listed as low-confidence */
export const LOW_CONFIDENCE = 60

/** What the engine read on one page */
export interface OcrPageResult {
  /** The page text: lines joined with `\n`, paragraphs with a blank line, trailing whitespace trimmed */
  text: string
  /** Mean word confidence, 0–100 (tesseract's page confidence) */
  confidence: number
  /** Words read with confidence under {@link LOW_CONFIDENCE}, in reading order */
  lowConfidenceWords: LowConfidenceWord[]
}

/**
 * Revision of Quarry's own OCR code around the engine (preprocessing, second
 * look, corrections): raised whenever that code reads a page with the same
 * settings differently, so that a derivation record names the code that made
 * it and an OCR cache written by other code is not reused
 */
export const OCR_REVISION = 1

/** Identity of the engine: recorded in every derivation record and part of the OCR cache key */
export interface OcrEngineInfo {
  /** `tesseract.js` */
  name: string
  /** {@link OCR_REVISION} of the Quarry that read the page */
  revision: number
  /** tesseract.js package version */
  version: string
  /** tesseract.js-core (the wasm build of Tesseract) version */
  coreVersion: string
  /** Language code, e.g. `eng` */
  language: string
  /** CID (raw, sha2-256) of the uncompressed `.traineddata` the engine reads */
  languageDataCid: string
  /** Where the language data came from (npm package and folder) */
  languageDataSource: string
  /** Tesseract engine mode: 1 = LSTM only */
  oem: number
  /** Tesseract page segmentation mode */
  psm: number
  /** The resolution the engine assumes, when not 200 dpi */
  dpi?: number
  /** Other tesseract parameters, when any are set */
  parameters?: Record<string, string>
  /** Corrections applied to the engine's text, in order, when any (see {@link TextCorrection}) */
  corrections?: TextCorrection[]
  /** How low-confidence words are read a second time, when they are (see `secondLook`) */
  secondLook?: SecondLookSettings
}

/** A pool of OCR workers */
export interface OcrEngine {
  readonly info: OcrEngineInfo
  /** Workers in the pool */
  readonly workers: number
  /** Read one page image (PNG, JPEG, TIFF, … bytes) */
  recognize(image: Uint8Array, options?: AbortOptions): Promise<OcrPageResult>
  /** Stop the workers */
  close(): Promise<void>
}

/** Options for {@link createOcrEngine} */
export interface OcrEngineOptions {
  /** Worker threads. @default the number of cores (at most 8) */
  workers?: number
  /** Language code of an installed `@tesseract.js-data/<code>` package. @default 'eng' */
  language?: string
  /** Page segmentation mode. @default {@link DEFAULT_PSM} */
  psm?: number
  /** Resolution the engine assumes for the images it reads. @default 200 */
  dpi?: number
  /** Other tesseract parameters (name → value). @default {} */
  parameters?: Record<string, string>
  /** Corrections of the engine's text. @default {@link DEFAULT_CORRECTIONS} */
  corrections?: TextCorrection[]
  /** Read low-confidence words a second time (`false`: never). @default DEFAULT_SECOND_LOOK */
  secondLook?: SecondLookSettings | false
}

const require = createRequire(import.meta.url)

/** The installed language data: its folder (LSTM-only "best_int" data, what tesseract.js itself would download) and CID */
async function languageData (language: string): Promise<{ langPath: string, cid: string, source: string }> {
  let pkgDir: string
  try {
    pkgDir = dirname(require.resolve(`@tesseract.js-data/${language}/package.json`))
  } catch (err) {
    throw new OcrEngineError(`OCR needs the language data package @tesseract.js-data/${language}, which is not installed (npm install @tesseract.js-data/${language}); Quarry never downloads it at run time`, { cause: err })
  }
  const folder = '4.0.0_best_int'
  const langPath = join(pkgDir, folder)
  let gz: Buffer
  try {
    gz = await readFile(join(langPath, `${language}.traineddata.gz`))
  } catch (err) {
    throw new OcrEngineError(`The language data ${join(langPath, `${language}.traineddata.gz`)} is missing or unreadable: reinstall @tesseract.js-data/${language}`, { cause: err })
  }
  const digest = await sha256.digest(gunzipSync(gz))
  const version = (require(`@tesseract.js-data/${language}/package.json`) as { version: string }).version
  return { langPath, cid: CID.createV1(raw.code, digest).toString(), source: `@tesseract.js-data/${language}@${version}/${folder}` }
}

function pageText (data: { text?: string }): string {
  return (data.text ?? '').split('\n').map(line => line.trimEnd()).join('\n').replace(/\n{3,}/g, '\n\n').trim()
}

/** The lines of a tesseract.js result, in reading order */
function linesOf (data: { blocks?: Array<{ paragraphs: Array<{ lines: OcrLine[] }> }> | null }): OcrLine[] {
  return (data.blocks ?? []).flatMap(b => b.paragraphs.flatMap(p => p.lines))
}

/** The words read with confidence under {@link LOW_CONFIDENCE}, in reading order */
function lowWords (lines: OcrWord[][]): LowConfidenceWord[] {
  return lines.flat().filter(w => w.confidence < LOW_CONFIDENCE && w.text.trim() !== '').map(w => ({ text: w.text, confidence: Math.round(w.confidence) }))
}

/** A tesseract.js worker, as far as the engine uses it */
type TessWorker = Awaited<ReturnType<typeof import('tesseract.js')['createWorker']>>

/** Words of a tesseract.js result, line by line, in reading order */
function wordLines (data: { blocks?: Array<{ paragraphs: Array<{ lines: Array<{ words: OcrWord[] }> }> }> | null }): OcrWord[][] {
  return (data.blocks ?? []).flatMap(b => b.paragraphs.flatMap(p => p.lines.map(l => l.words)))
}

/**
 * Read regions of a page image again with `worker` in page segmentation mode
 * `psm` (the worker is set back to `pagePsm` after): each region is cut from
 * the page, given a white border and read; word boxes come back in page pixels
 */
async function regionReader (worker: TessWorker, image: Uint8Array, psm: number, pagePsm: number): Promise<{ page: { width: number, height: number }, read: (region: LookRegion) => Promise<OcrWord[]>, done: () => Promise<void> }> {
  const { default: sharp } = await import('sharp')
  const { data, info } = await sharp(image).greyscale().raw().toBuffer({ resolveWithObject: true })
  const border = 10
  let switched = false
  const read = async (r: LookRegion): Promise<OcrWord[]> => {
    if (!switched) { await worker.setParameters({ tessedit_pageseg_mode: String(psm) as unknown as import('tesseract.js').PSM }); switched = true }
    const crop = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).extract(r)
      .extend({ top: border, bottom: border, left: border, right: border, background: { r: 255, g: 255, b: 255 } }).png().toBuffer()
    const result = await worker.recognize(crop, {}, { text: false, blocks: true })
    const dx = r.left - border
    const dy = r.top - border
    return wordLines(result.data as never).flat().map(w => ({ text: w.text, confidence: w.confidence, bbox: { x0: w.bbox.x0 + dx, y0: w.bbox.y0 + dy, x1: w.bbox.x1 + dx, y1: w.bbox.y1 + dy } }))
  }
  const done = async (): Promise<void> => {
    if (switched) await worker.setParameters({ tessedit_pageseg_mode: String(pagePsm) as unknown as import('tesseract.js').PSM })
  }
  return { page: { width: info.width, height: info.height }, read, done }
}

/**
 * Start a pool of tesseract.js workers (Tesseract compiled to wasm, in worker
 * threads) with the language data of the installed `@tesseract.js-data`
 * package: nothing is downloaded. Pages are read in parallel, one per worker;
 * a page's low-confidence words are read a second time by the same worker
 * (`secondLook`).
 *
 * @throws {OcrEngineError} when tesseract.js or the language data is missing
 */
export async function createOcrEngine (options: OcrEngineOptions = {}): Promise<OcrEngine> {
  const language = options.language ?? 'eng'
  const psm = options.psm ?? DEFAULT_PSM
  const dpi = options.dpi ?? 200
  const parameters = options.parameters ?? {}
  const corrections = options.corrections ?? DEFAULT_CORRECTIONS
  const look = options.secondLook === false ? undefined : options.secondLook ?? DEFAULT_SECOND_LOOK
  const workers = Math.max(1, options.workers ?? Math.min(availableParallelism(), 8))
  const data = await languageData(language)
  let tesseract: typeof import('tesseract.js')
  try {
    tesseract = await import('tesseract.js')
  } catch (err) {
    throw new OcrEngineError('OCR needs the tesseract.js package, which is not installed', { cause: err })
  }
  const { createWorker } = (tesseract as unknown as { default?: typeof tesseract }).default ?? tesseract
  const all = await Promise.all(Array.from({ length: workers }, async () => {
    const worker = await createWorker(language, 1, { langPath: data.langPath, cacheMethod: 'none', gzip: true })
    // a fixed resolution (scans are read at 200-300 dpi) and no debug file keep the engine from printing
    await worker.setParameters({ ...parameters, tessedit_pageseg_mode: String(psm) as unknown as import('tesseract.js').PSM, user_defined_dpi: String(dpi), debug_file: '/dev/null' })
    return worker
  }))
  const idle = [...all]
  const waiting: Array<(w: TessWorker) => void> = []
  const acquire = async (): Promise<TessWorker> => idle.pop() ?? await new Promise<TessWorker>(resolve => waiting.push(resolve))
  const release = (w: TessWorker): void => { const next = waiting.shift(); if (next != null) next(w); else idle.push(w) }
  const info: OcrEngineInfo = {
    name: 'tesseract.js',
    revision: OCR_REVISION,
    version: (require('tesseract.js/package.json') as { version: string }).version,
    coreVersion: (require('tesseract.js-core/package.json') as { version: string }).version,
    language,
    languageDataCid: data.cid,
    languageDataSource: data.source,
    oem: 1,
    psm,
    ...(dpi !== 200 ? { dpi } : {}),
    ...(Object.keys(parameters).length > 0 ? { parameters } : {}),
    ...(corrections.length > 0 ? { corrections } : {}),
    ...(look != null ? { secondLook: look } : {})
  }
  const readPage = async (worker: TessWorker, image: Uint8Array, opts: AbortOptions): Promise<OcrPageResult> => {
    const result = await worker.recognize(Buffer.from(image.buffer, image.byteOffset, image.byteLength), {}, { text: true, blocks: true })
    opts.signal?.throwIfAborted()
    const lines = wordLines(result.data as never)
    let raw = result.data.text ?? ''
    let replaced = new Map<OcrWord, OcrWord>()
    if (look != null && lines.some(l => l.some(w => w.confidence < look.below))) {
      const reader = await regionReader(worker, image, look.psm, psm)
      try {
        replaced = await secondLook(lines, reader.page, reader.read, look, opts)
      } finally {
        await reader.done()
      }
      raw = replaceWords(raw, lines, replaced)
    }
    // words read again have new text: the glyph boxes of the first reading no longer describe them
    const glyphLines = linesOf(result.data as never).map(l => ({ words: l.words.filter(w => !replaced.has(w as unknown as OcrWord)) }))
    let words = lines.map(l => l.map(w => replaced.get(w) ?? w))
    for (const c of corrections) {
      if (c === 'stray-symbols') {
        const changed = straySymbols(words)
        raw = replaceWords(raw, words, changed)
        words = words.map(l => l.map(w => changed.has(w) ? { ...w, text: changed.get(w)!.text } : w))
      } else raw = c === 'capitals-by-height' ? restoreCapitals(raw, glyphLines).text : zeroInCapitals(raw)
    }
    return { text: pageText({ text: raw }), confidence: Math.round(result.data.confidence * 10) / 10, lowConfidenceWords: lowWords(words) }
  }
  return {
    info,
    workers,
    async recognize (image, opts = {}) {
      opts.signal?.throwIfAborted()
      const worker = await acquire()
      try {
        return await readPage(worker, image, opts)
      } finally {
        release(worker)
      }
    },
    async close () {
      await Promise.all(all.map(async w => { await w.terminate() }))
    }
  }
}

/** A short stable id of engine + settings: part of the OCR cache key */
export function engineSettingsId (info: OcrEngineInfo, preprocessing: unknown): string {
  return createHash('sha256').update(JSON.stringify({ info, preprocessing })).digest('hex').slice(0, 16)
}
