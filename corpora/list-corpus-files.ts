import * as raw from 'multiformats/codecs/raw'
import type { UnixFSReader } from './unixfs-reader.js'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/** A file inside a corpus DAG */
export interface CorpusFile {
  /** Path inside the corpus, `/`-separated, no leading slash */
  path: string
  cid: CID
  size: number
}

/** Options for {@link listCorpusFiles} */
export interface ListCorpusFilesOptions extends AbortOptions {
  /** Never fetch from the network. @default false */
  offline?: boolean
}

/**
 * Walk a corpus DAG and yield its files in path order. A root that is a
 * single file yields that file with its CID string as the path.
 */
export async function * listCorpusFiles (fs: UnixFSReader, root: CID, options: ListCorpusFilesOptions = {}): AsyncGenerator<CorpusFile> {
  const rootStat = root.code === raw.code ? undefined : await fs.stat(root, options)
  if (rootStat == null || rootStat.type !== 'directory') {
    yield { path: root.toString(), cid: root, size: Number(rootStat?.size ?? (await fs.stat(root, options)).size) }
    return
  }
  yield * walk(fs, root, '', options)
}

async function * walk (fs: UnixFSReader, dir: CID, prefix: string, options: ListCorpusFilesOptions): AsyncGenerator<CorpusFile> {
  const entries = []
  for await (const entry of fs.ls(dir, options)) {
    entries.push(entry)
  }
  entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  for (const entry of entries) {
    options.signal?.throwIfAborted()
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`
    if (entry.cid.code === raw.code) {
      yield { path, cid: entry.cid, size: Number(entry.size) }
      continue
    }
    const st = await fs.stat(entry.cid, options)
    if (st.type === 'directory') {
      yield * walk(fs, entry.cid, path, options)
    } else {
      yield { path, cid: entry.cid, size: Number(st.size) }
    }
  }
}
