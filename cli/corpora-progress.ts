import { createProgress, type ProgressOptions } from './progress.js'
import type { CorporaProgressEvent } from '../corpora/index.js'

/** Progress of a corpora operation (folder import, CAR import, fetch): files when it counts files, else blocks; then OCR pages, if any */
export function corporaProgress (title: string, options: ProgressOptions = {}): { onProgress: (e: CorporaProgressEvent) => void, stop: () => void } {
  let bar = createProgress(title, options)
  return {
    onProgress: (e) => {
      if (e.type === 'corpora:ocr:start') {
        bar.stop()
        bar = createProgress(`reading scans by OCR (${e.workers} worker${e.workers === 1 ? '' : 's'}, ${e.pagesCached} of ${e.pagesTotal} pages cached)`, { ...options, unit: 'pages' })
      } else if (e.type === 'corpora:ocr:page') bar.update(e.pagesDone, e.pagesTotal, `${e.path} p. ${e.page}`)
      else if (e.type === 'corpora:ocr:unreadable' && options.quiet !== true) {
        const stream = options.stream ?? process.stderr
        // on a terminal the bar is a redrawn line: the warning goes on a line of its own
        stream.write(`${(options.tty ?? stream.isTTY === true) ? '\n' : ''}warning: ${e.path} p. ${e.page} has no text layer and is not read by OCR: ${e.reason}\n`)
      }
      else if (e.type === 'corpora:add:file') bar.update(e.filesDone, e.filesTotal, e.path)
      else if (e.type === 'corpora:import-car:block' || e.type === 'corpora:fetch:block') bar.update(e.blocks, undefined, 'blocks')
      else if (e.type === 'corpora:piece:bytes') bar.update(e.bytes, e.total, 'bytes')
    },
    stop: () => bar.stop()
  }
}
