import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { SourceNotFoundError } from './errors.js'
import { IMPORT_PARAMS } from './import-params.js'
import { pinDag } from './pin-dag.js'
import { walkFolder } from './walk-folder.js'
import type { ProgressOptions } from './progress.js'
import type { UnixFS } from '@helia/unixfs'
import type { Helia } from 'helia'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/** Options for {@link addFolder} */
export interface AddFolderOptions extends AbortOptions, ProgressOptions {}

/** What an import produced */
export interface AddResult {
  /** Root CID of the corpus (a UnixFS directory) */
  cid: CID
  /** Number of files imported */
  files: number
  /** Total file bytes imported */
  bytes: number
}

/**
 * Import a local folder into the node as a UnixFS directory and pin it. The
 * same folder always gives the same CID (see {@link IMPORT_PARAMS}).
 *
 * @throws {SourceNotFoundError} when the folder does not exist or is empty
 */
export async function addFolder (node: { helia: Helia, fs: UnixFS }, folder: string, options: AddFolderOptions = {}): Promise<AddResult> {
  const st = await stat(folder).catch((err: Error) => {
    throw new SourceNotFoundError(`Cannot read "${folder}": ${err.message}`, { cause: err })
  })
  if (!st.isDirectory()) {
    throw new SourceNotFoundError(`"${folder}" is not a folder (to import a CAR file, give a path ending in .car)`)
  }
  const files = await walkFolder(folder, options)
  if (files.length === 0) {
    throw new SourceNotFoundError(`"${folder}" has no files to import (dot-files are skipped)`)
  }
  const bytesTotal = files.reduce((n, f) => n + f.size, 0)
  let bytesDone = 0
  let filesDone = 0
  const source = files.map(f => ({
    path: f.path,
    content: (async function * () {
      // the signal is checked per read rather than given to each stream: the importer reads many files at once,
      // and a listener per open stream on one signal trips Node's MaxListenersExceededWarning
      for await (const chunk of createReadStream(f.absolute)) {
        options.signal?.throwIfAborted()
        yield chunk as Uint8Array
      }
      filesDone++
      bytesDone += f.size
      options.onProgress?.({ type: 'corpora:add:file', path: f.path, filesDone, filesTotal: files.length, bytesDone, bytesTotal })
    })()
  }))
  let root: CID | undefined
  for await (const entry of node.fs.addAll(source, { ...IMPORT_PARAMS, signal: options.signal })) {
    if (entry.path === '' || entry.path === undefined) root = entry.cid
  }
  if (root == null) {
    throw new SourceNotFoundError(`Importing "${folder}" produced no root directory`)
  }
  await pinDag(node.helia, root, { signal: options.signal, offline: true, onProgress: options.onProgress })
  return { cid: root, files: files.length, bytes: bytesTotal }
}
