import { createProgress } from './progress.js'
import type { IndexProgressEvent } from '../indexes/index.js'

/** Turn index build events into a progress bar per phase */
export function indexProgress (quiet: boolean): { onProgress: (e: IndexProgressEvent) => void, stop: () => void } {
  let phase = ''
  let bar = createProgress('', { quiet: true })
  const enter = (name: string): void => {
    if (phase === name) return
    bar.stop()
    phase = name
    bar = createProgress(name, { quiet })
  }
  return {
    onProgress (e) {
      switch (e.type) {
        case 'corpora:add:file': enter('importing'); bar.update(e.filesDone, e.filesTotal, e.path); break
        case 'indexes:chunk:document': enter('chunking'); bar.update(e.chunks, undefined, `chunks from ${e.documents} documents`); break
        case 'indexes:embed:batch': enter('embedding'); bar.update(e.done, e.total, 'chunks'); break
        case 'indexes:hnsw:add': enter('hnsw'); bar.update(e.done, e.total, 'vectors'); break
        case 'indexes:calibrate:query': enter('calibrating fusion'); bar.update(e.done, e.total, 'pseudo-queries'); break
        default: break
      }
    },
    stop () {
      bar.stop()
    }
  }
}
