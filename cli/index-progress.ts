import { createProgress, type ProgressOptions } from './progress.js'
import type { IndexProgressEvent } from '../indexes/index.js'

/** Turn index build events into one progress display per phase (importing, chunking, embedding, hnsw) */
export function indexProgress (quiet: boolean, options: Omit<ProgressOptions, 'quiet' | 'unit'> = {}): { onProgress: (e: IndexProgressEvent) => void, stop: () => void } {
  let phase = ''
  let bar = createProgress('', { quiet: true })
  const enter = (name: string, unit: string): void => {
    if (phase === name) return
    bar.stop()
    phase = name
    bar = createProgress(name, { ...options, quiet, unit })
  }
  return {
    onProgress (e) {
      switch (e.type) {
        case 'corpora:add:file': enter('importing', 'files'); bar.update(e.filesDone, e.filesTotal, e.path); break
        case 'indexes:chunk:document': enter('chunking', 'chunks'); bar.update(e.chunks, undefined, `from ${e.documents} documents`); break
        case 'indexes:embed:batch': enter('embedding', 'chunks'); bar.update(e.done, e.total); break
        case 'indexes:hnsw:add': enter('hnsw', 'vectors'); bar.update(e.done, e.total); break
        case 'indexes:calibrate:query': enter('calibrating fusion', 'pseudo-queries'); bar.update(e.done, e.total); break
        default: break
      }
    },
    stop () {
      bar.stop()
      phase = ''
    }
  }
}
