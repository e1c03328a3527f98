import { listCorpusFiles } from '../list-corpus-files.js'
import { fileExtension } from '../loaders/file-extension.js'
import { pdfLoader } from '../loaders/pdf-loader.js'
import { pinDag } from '../pin-dag.js'
import { readFile } from '../read-file.js'
import { IMAGE_MEDIA_TYPES } from './image-media-types.js'
import { encodeDagJson, engineOf, rawCid, type DerivationRecord, type DerivationRoot, type DerivedDocumentEntry } from './derivation-record.js'
import { createOcrCache, type CachedPage } from './ocr-cache.js'
import { createOcrEngine, engineSettingsId, type OcrEngine, type OcrEngineOptions } from './ocr-engine.js'
import { decodePdfPageImage, pdfImageDecoder } from './decode-pdf-page-image.js'
import { PDF_IMAGE_STREAM, pdfPageImages } from './pdf-page-images.js'
import { DEFAULT_PREPROCESS, pageToPng, preprocessPage, type PreprocessSteps } from './preprocess-page.js'
import type { UnixFSReader } from '../unixfs-reader.js'
import type { AbortOptions } from '@libp2p/interface'
import type { Helia } from 'helia'
import type { CID } from 'multiformats/cid'


/** Separator between pages in a derived text (as in the PDF loader) */
const PAGE_SEPARATOR = '\n\n'

/** A page with no more than this many non-blank characters in its text layer is read by OCR */
const MIN_TEXT_CHARS = 3

/** Progress of {@link deriveCorpus} */
export type OcrProgressEvent =
  | { type: 'corpora:ocr:start', pagesTotal: number, pagesCached: number, workers: number }
  | { type: 'corpora:ocr:page', path: string, page: number, pagesDone: number, pagesTotal: number, cached: boolean, confidence: number }
  /** A page with no text layer that OCR cannot read either (it is not one image), and why */
  | { type: 'corpora:ocr:unreadable', path: string, page: number, reason: string }

/** Options for {@link deriveCorpus} */
export interface DeriveCorpusOptions extends AbortOptions {
  /** Folder of the OCR cache (`<home>/ocr-cache`) */
  cacheDir: string
  /** Preprocessing. @default {@link DEFAULT_PREPROCESS} */
  preprocess?: PreprocessSteps
  /** Engine settings (workers, language, psm) */
  engine?: OcrEngineOptions
  onProgress?(event: OcrProgressEvent): void
}

/** What {@link deriveCorpus} made */
export interface DeriveCorpusResult {
  /** Root of the derivation DAG (pinned), or undefined when no file needed OCR */
  cid?: CID
  documents: number
  /** Pages read by OCR in this run, and pages whose result came from the cache */
  pagesRead: number
  pagesCached: number
}

interface PageJob {
  path: string
  source: CID
  page: number
  image: Uint8Array
  imageCid: CID
  mediaType: string
  width: number
  height: number
  byteStart?: number
  byteEnd?: number
  /** For a page image that is a PDF image stream other than a JPEG: the PDF (pdf.js decodes the stream) and its filters */
  pdf?: Uint8Array
  filters?: string[]
}
interface FilePlan { path: string, source: CID, pages: Array<{ page: number, text?: string, job?: PageJob }> }

/** Which pages of a file need OCR; undefined when none does */
async function planFile (path: string, source: CID, bytes: Uint8Array, onUnreadable: (page: number, reason: string) => void): Promise<FilePlan | undefined> {
  const ext = fileExtension(path)
  if (IMAGE_MEDIA_TYPES[ext] != null) {
    const { default: sharp } = await import('sharp')
    const meta = await sharp(bytes).metadata().catch(() => undefined)
    if (meta?.width == null || meta.height == null) return undefined
    const job: PageJob = { path, source, page: 1, image: bytes, imageCid: await rawCid(bytes), mediaType: IMAGE_MEDIA_TYPES[ext]!, width: meta.width, height: meta.height }
    return { path, source, pages: [{ page: 1, job }] }
  }
  if (ext !== '.pdf') return undefined
  const { pageCount, images, unreadable } = pdfPageImages(bytes)
  let texts: string[] = []
  try {
    const [doc] = await pdfLoader.load(bytes, path)
    if (doc != null) texts = (doc.pages ?? []).map(p => Buffer.from(doc.text, 'utf8').subarray(p.byteStart, p.byteEnd).toString('utf8'))
  } catch {
    return undefined
  }
  const pages: FilePlan['pages'] = []
  let needed = 0
  for (let page = 1; page <= Math.max(pageCount, texts.length); page++) {
    const text = texts[page - 1] ?? ''
    const image = images.find(i => i.page === page)
    if (text.replace(/\s/g, '').length > MIN_TEXT_CHARS || image == null) {
      const reason = text.replace(/\s/g, '').length > MIN_TEXT_CHARS
        ? undefined
        : unreadable.find(u => u.page === page)?.reason ?? (pageCount === 0 ? 'Quarry could not read the PDF\'s page tree (encrypted, or a structure it does not parse), so no page image was found' : undefined)
      if (reason != null) onUnreadable(page, reason)
      pages.push({ page, text })
      continue
    }
    const imageBytes = bytes.subarray(image.byteStart, image.byteEnd)
    needed++
    const stream = image.mediaType === PDF_IMAGE_STREAM ? { pdf: bytes, filters: image.filters } : {}
    pages.push({ page, job: { path, source, page, image: imageBytes, imageCid: await rawCid(imageBytes), mediaType: image.mediaType, width: image.width, height: image.height, byteStart: image.byteStart, byteEnd: image.byteEnd, ...stream } })
  }
  return needed > 0 ? { path, source, pages } : undefined
}

/** Run `work` over `items` with at most `limit` running at once, results in item order */
async function pool<T, R> (items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await work(items[i]!)
    }
  }))
  return out
}

/**
 * Read the scans of a corpus: every PDF page without a usable text layer
 * (its JPEG page image taken from the PDF as it is) and every image file
 * (PNG/JPEG/TIFF, one page) is preprocessed and read by OCR in a pool of
 * workers; each result is cached by page image CID + engine settings, so a
 * rerun (or a re-add after Ctrl-C) reads only pages not read before. Each
 * such file becomes a derived text (a raw block) with a derivation record per
 * OCR'd page (dag-json), under one derivation root naming the corpus: the
 * derivation DAG, stored and pinned. The corpus CID is unchanged.
 */
export async function deriveCorpus (node: { helia: Pick<Helia, 'blockstore' | 'pins'> }, fs: UnixFSReader, corpus: CID, options: DeriveCorpusOptions): Promise<DeriveCorpusResult> {
  const plans: FilePlan[] = []
  for await (const file of listCorpusFiles(fs, corpus, { signal: options.signal, offline: true })) {
    const ext = fileExtension(file.path)
    if (ext !== '.pdf' && IMAGE_MEDIA_TYPES[ext] == null) continue
    const onUnreadable = (page: number, reason: string): void => options.onProgress?.({ type: 'corpora:ocr:unreadable', path: file.path, page, reason })
    const plan = await planFile(file.path, file.cid, await readFile(fs, file.cid, { signal: options.signal, offline: true }), onUnreadable)
    if (plan != null) plans.push(plan)
  }
  if (plans.length === 0) return { documents: 0, pagesRead: 0, pagesCached: 0 }
  const steps = { ...DEFAULT_PREPROCESS, ...options.preprocess }
  const { default: sharp } = await import('sharp')
  const library = `sharp@${sharp.versions.sharp ?? '?'} (libvips ${sharp.versions.vips})`
  const cache = createOcrCache(options.cacheDir)
  const jobs = plans.flatMap(p => p.pages.flatMap(pg => pg.job != null ? [pg.job] : []))
  let engine: OcrEngine | undefined
  const results = new Map<PageJob, CachedPage>()
  try {
    engine = await createOcrEngine(options.engine)
    const decoder = jobs.some(j => j.pdf != null) ? await pdfImageDecoder() : undefined
    // a page image decoded by pdf.js depends on its version too
    const settingsIdOf = (job: PageJob): string => engineSettingsId(engine!.info, job.pdf != null ? { steps, library, decoder } : { steps, library })
    const todo: PageJob[] = []
    for (const job of jobs) {
      const hit = await cache.get(job.imageCid.toString(), settingsIdOf(job))
      if (hit != null) results.set(job, hit)
      else todo.push(job)
    }
    options.onProgress?.({ type: 'corpora:ocr:start', pagesTotal: jobs.length, pagesCached: results.size, workers: engine.workers })
    let done = results.size
    for (const [job, r] of results) options.onProgress?.({ type: 'corpora:ocr:page', path: job.path, page: job.page, pagesDone: done, pagesTotal: jobs.length, cached: true, confidence: r.confidence })
    const e = engine
    await pool(todo, e.workers, async job => {
      options.signal?.throwIfAborted()
      const pre = await preprocessPage(job.pdf != null ? await decodePdfPageImage(job.pdf, job.page, job) : job.image, steps)
      const r = await e.recognize(await pageToPng(pre), options)
      const page: CachedPage = { ...r, skewDegrees: pre.skewDegrees }
      await cache.put(job.imageCid.toString(), settingsIdOf(job), page)
      results.set(job, page)
      options.onProgress?.({ type: 'corpora:ocr:page', path: job.path, page: job.page, pagesDone: ++done, pagesTotal: jobs.length, cached: false, confidence: r.confidence })
    })
    const documents: DerivedDocumentEntry[] = []
    for (const plan of plans) documents.push(await storeDocument(node, plan, results, { engine: e, steps, library, decoder }))
    const root: DerivationRoot = { type: 'quarry/derivations', version: 1, corpus, documents }
    const block = await encodeDagJson(root)
    await node.helia.blockstore.put(block.cid, block.bytes)
    await pinDag(node.helia as Helia, block.cid, { offline: true, signal: options.signal })
    return { cid: block.cid, documents: documents.length, pagesRead: todo.length, pagesCached: jobs.length - todo.length }
  } finally {
    await engine?.close()
  }
}

/** Store one derived text and its page records; returns its entry in the derivation root */
async function storeDocument (node: { helia: Pick<Helia, 'blockstore'> }, plan: FilePlan, results: Map<PageJob, CachedPage>, how: { engine: OcrEngine, steps: Required<PreprocessSteps>, library: string, decoder?: string }): Promise<DerivedDocumentEntry> {
  const pageTexts = plan.pages.map(p => p.job != null ? (results.get(p.job)?.text ?? '') : (p.text ?? ''))
  const text = pageTexts.join(PAGE_SEPARATOR)
  const textBytes = new TextEncoder().encode(text)
  const textCid = await rawCid(textBytes)
  await node.helia.blockstore.put(textCid, textBytes)
  const pages: DerivedDocumentEntry['pages'] = []
  let offset = 0
  for (const [i, p] of plan.pages.entries()) {
    if (i > 0) offset += PAGE_SEPARATOR.length
    const byteStart = offset
    const byteEnd = offset + Buffer.byteLength(pageTexts[i]!, 'utf8')
    offset = byteEnd
    if (p.job == null) { pages.push({ page: p.page, byteStart, byteEnd }); continue }
    const r = results.get(p.job)!
    const job = p.job
    const record: DerivationRecord = {
      type: 'quarry/ocr-page',
      version: 1,
      source: { cid: plan.source, path: plan.path, page: p.page },
      pageImage: {
        cid: job.imageCid.toString(),
        mediaType: job.mediaType,
        width: job.width,
        height: job.height,
        ...(job.byteStart != null ? { byteStart: job.byteStart, byteEnd: job.byteEnd } : {}),
        ...(job.pdf != null ? { filters: job.filters ?? [], decoder: how.decoder ?? '' } : {})
      },
      engine: engineOf(how.engine.info),
      language: { code: how.engine.info.language, cid: how.engine.info.languageDataCid, source: how.engine.info.languageDataSource },
      preprocessing: { steps: how.steps, library: how.library, skewDegrees: r.skewDegrees },
      output: { text: textCid, byteStart, byteEnd },
      confidence: r.confidence,
      lowConfidenceWords: r.lowConfidenceWords
    }
    const block = await encodeDagJson(record)
    await node.helia.blockstore.put(block.cid, block.bytes)
    pages.push({ page: p.page, byteStart, byteEnd, record: block.cid })
  }
  return { path: plan.path, source: plan.source, text: textCid, pages }
}
