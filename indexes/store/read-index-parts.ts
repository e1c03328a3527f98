import { missingBlockError, type UnixFSReader } from '../../corpora/index.js'
import { InvalidIndexError } from '../errors.js'
import type { IndexFileKey } from './index-parts.js'
import type { ByteParts } from '../search/byte-parts.js'
import type { IndexManifest } from './index-manifest.js'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/** Options for {@link readIndexParts} */
export interface ReadIndexPartsOptions extends AbortOptions {
  /** Never fetch from the network. @default false */
  offline?: boolean
}

/** The files of an index directory by name (one listing, however many parts) */
export async function indexEntries (fs: UnixFSReader, root: CID, options: ReadIndexPartsOptions = {}): Promise<Map<string, CID>> {
  const entries = new Map<string, CID>()
  for await (const entry of fs.ls(root, { signal: options.signal, offline: options.offline } as any)) entries.set(entry.name, entry.cid)
  return entries
}

/**
 * Read one of an index's large files (`chunks`, `vectors` or `lexical`):
 * the parts the manifest lists for it in order, or the whole file, each as
 * the bytes of its UnixFS blocks (1 MiB each). Every block is hashed against
 * its CID as it is read, and no block is joined to another, so a file past
 * 2 GiB reads as well as a small one, with no copy of it held twice.
 *
 * @throws {InvalidIndexError} when the directory lacks the file or a part
 */
export async function readIndexParts (fs: UnixFSReader, root: CID, manifest: Pick<IndexManifest, 'files' | 'parts'>, key: IndexFileKey, options: ReadIndexPartsOptions & { entries?: Map<string, CID> } = {}): Promise<ByteParts> {
  const entries = options.entries ?? await indexEntries(fs, root, options)
  const names = manifest.parts?.[key] ?? [manifest.files[key]]
  const blocks: Uint8Array[] = []
  for (const name of names) {
    const cid = entries.get(name)
    if (cid == null) throw new InvalidIndexError(`Index ${root.toString()} has no ${name}`)
    try {
      for await (const block of fs.cat(cid, { signal: options.signal, offline: options.offline })) blocks.push(block)
    } catch (err) {
      throw missingBlockError(err, cid, { offline: options.offline, what: `a block of ${name} in index ${root.toString()}` }) ?? err
    }
  }
  return blocks
}
