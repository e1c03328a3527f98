import { listCorpusFiles, type ListCorpusFilesOptions } from './list-corpus-files.js'
import type { UnixFSReader } from './unixfs-reader.js'
import type { CID } from 'multiformats/cid'

/**
 * The bytes of all files in a corpus DAG (what a folder import counts), read
 * from each file's UnixFS metadata: a directory root's own `size` is 0, so
 * CAR imports and fetches add up their files the same way.
 */
export async function corpusBytes (fs: UnixFSReader, root: CID, options: ListCorpusFilesOptions = {}): Promise<number> {
  let bytes = 0
  for await (const file of listCorpusFiles(fs, root, options)) bytes += file.size
  return bytes
}
