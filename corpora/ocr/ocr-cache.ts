import { mkdir, open, readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import type { OcrPageResult } from './ocr-engine.js'

/** What the cache keeps per page: the engine's result and the skew removed */
export interface CachedPage extends OcrPageResult {
  skewDegrees: number
}

/** OCR results kept by page image CID + engine settings id, so a re-add reads no page twice */
export interface OcrCache {
  get(imageCid: string, settingsId: string): Promise<CachedPage | undefined>
  put(imageCid: string, settingsId: string, page: CachedPage): Promise<void>
}

/**
 * An {@link OcrCache} in a folder (`<home>/ocr-cache`): one JSON file per page
 * and settings, written to a temporary file and renamed, so a run stopped at
 * any point keeps every page it finished and never leaves a torn entry.
 */
export function createOcrCache (dir: string): OcrCache {
  const file = (cid: string, id: string): string => join(dir, `${cid}.${id}.json`)
  return {
    async get (cid, id) {
      try {
        const value = JSON.parse(await readFile(file(cid, id), 'utf8')) as CachedPage
        return typeof value.text === 'string' && typeof value.confidence === 'number' ? value : undefined
      } catch {
        return undefined
      }
    },
    async put (cid, id, page) {
      await mkdir(dir, { recursive: true })
      const tmp = `${file(cid, id)}.tmp-${process.pid}-${Date.now()}`
      const handle = await open(tmp, 'w')
      try {
        await handle.writeFile(JSON.stringify(page))
        await handle.sync()
      } finally {
        await handle.close()
      }
      await rename(tmp, file(cid, id))
    }
  }
}
