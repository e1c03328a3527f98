import type { OcrProgressEvent } from './ocr/derive-corpus.js'

/**
 * Progress events emitted by the corpora layer. The library never prints; the
 * CLI turns these into progress bars.
 */
export type CorporaProgressEvent =
  | { type: 'corpora:add:file', path: string, filesDone: number, filesTotal: number, bytesDone: number, bytesTotal: number }
  | { type: 'corpora:import-car:block', blocks: number, bytes: number }
  | { type: 'corpora:fetch:block', blocks: number, bytes: number }
  | { type: 'corpora:pin:block', blocks: number }
  | { type: 'corpora:load:document', path: string, documents: number }
  | OcrProgressEvent
  | { type: 'corpora:piece:bytes', bytes: number, total: number }

/** Progress of OCR on import (`corpora/ocr`) */
export type { OcrProgressEvent } from './ocr/derive-corpus.js'

/** Options carrying a progress callback */
export interface ProgressOptions {
  onProgress?(event: CorporaProgressEvent): void
}
