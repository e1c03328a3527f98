import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Helia } from 'helia'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/**
 * Export the DAG under `root` from the local store to a CAR file (written to
 * a temporary name and renamed, so a failed export leaves no partial file).
 * Offline: every block must be local.
 *
 * @returns bytes written
 */
export async function exportCar (helia: Helia, root: CID, file: string, options: AbortOptions = {}): Promise<number> {
  const tmp = `${file}.partial-${process.pid}`
  let bytes = 0
  try {
    await pipeline(
      (async function * () {
        const { car } = await import('@helia/car')
        for await (const chunk of car(helia).export(root, { signal: options.signal, offline: true })) {
          bytes += chunk.byteLength
          yield chunk
        }
      })(),
      createWriteStream(tmp) as Writable
    )
    await rename(tmp, file)
  } catch (err) {
    await rm(tmp, { force: true })
    throw err
  }
  return bytes
}
