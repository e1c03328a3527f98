import * as dagPb from '@ipld/dag-pb'
import * as raw from 'multiformats/codecs/raw'
import { CorpusPathError, CorruptBlockError } from './errors.js'
import { decodeUnixFSData, hamtPrefixLength, isUnixFSFile, type UnixFSData } from './unixfs-data.js'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/** Options of {@link UnixFSReader} reads */
export interface UnixFSReadOptions extends AbortOptions {
  /** Never fetch from the network. @default the block source's */
  offline?: boolean
}

/** One entry of a UnixFS folder, as `@helia/unixfs`'s `ls` gives it */
export interface UnixFSReaderEntry {
  cid: CID
  name: string
  /** `<folder CID>/<name>` */
  path: string
  /** The link's `Tsize` (bytes of the entry's DAG, not always its file size) */
  size: bigint
}

/** What `stat` says of a UnixFS node */
export interface UnixFSReaderStat {
  cid: CID
  /** `raw`: a raw block; `file`/`directory`: a dag-pb UnixFS node */
  type: 'file' | 'directory' | 'raw'
  /** File bytes (block bytes for `raw`, 0 for folders) */
  size: bigint
}

/**
 * Reading UnixFS files and folders: the part of `@helia/unixfs` that reading
 * an index or a document needs (`cat`, `ls`, `stat`). `@helia/unixfs`'s
 * `UnixFS` is one; {@link createUnixFSReader} is another that loads neither
 * the importer nor Helia, so read-only commands start fast.
 */
export interface UnixFSReader {
  /** The bytes of a file (or raw block) */
  cat(cid: CID, options?: UnixFSReadOptions): AsyncIterable<Uint8Array>
  /** The entries of a folder (plain or HAMT-sharded), or the file itself */
  ls(cid: CID, options?: UnixFSReadOptions): AsyncIterable<UnixFSReaderEntry>
  /** Type and size of a node */
  stat(cid: CID, options?: UnixFSReadOptions): Promise<UnixFSReaderStat>
}

/** Where a {@link createUnixFSReader} gets its blocks (a verified block source hashes them: see `createVerifiedBlocks`) */
export type GetBlock = (cid: CID, options?: UnixFSReadOptions) => Promise<Uint8Array>

/** How many sibling blocks a file read fetches ahead */
const READ_AHEAD = 8

function notUnixFS (cid: CID): Error {
  return new CorruptBlockError(`${cid.toString()} uses codec 0x${cid.code.toString(16)}, which is not UnixFS (dag-pb or raw)`)
}

/**
 * A {@link UnixFSReader} over `get`: dag-pb and raw blocks only, files in
 * link order (a node's inline data first, then its children), plain and
 * HAMT-sharded folders in link order (as `ipfs-unixfs-exporter` lists them).
 */
export function createUnixFSReader (get: GetBlock): UnixFSReader {
  const node = async (cid: CID, options: UnixFSReadOptions): Promise<{ pb: dagPb.PBNode, unixfs: UnixFSData }> => {
    const pb = dagPb.decode(await get(cid, options))
    if (pb.Data == null) throw new CorruptBlockError(`${cid.toString()} is a dag-pb node without UnixFS data`)
    return { pb, unixfs: await decodeUnixFSData(pb.Data) }
  }

  async function * fileBytes (cid: CID, options: UnixFSReadOptions, block?: Uint8Array): AsyncGenerator<Uint8Array> {
    if (cid.code === raw.code) {
      yield block ?? await get(cid, options)
      return
    }
    if (cid.code !== dagPb.code) throw notUnixFS(cid)
    const pb = dagPb.decode(block ?? await get(cid, options))
    const d = pb.Data == null ? undefined : await decodeUnixFSData(pb.Data)
    if (d == null || !isUnixFSFile(d)) {
      throw new CorpusPathError(`${cid.toString()} is not a file`)
    }
    if (d.data != null && d.data.byteLength > 0) yield d.data
    const links = pb.Links
    const pending: Array<Promise<Uint8Array>> = []
    for (let i = 0; i < links.length; i++) {
      options.signal?.throwIfAborted()
      while (pending.length < READ_AHEAD && i + pending.length < links.length) {
        const p = get((links[i + pending.length] as dagPb.PBLink).Hash, options)
        p.catch(() => {}) // awaited below, in order
        pending.push(p)
      }
      const child = (links[i] as dagPb.PBLink).Hash
      yield * fileBytes(child, options, await (pending.shift() as Promise<Uint8Array>))
    }
  }

  async function * shardEntries (dir: CID, shard: CID, pb: dagPb.PBNode, unixfs: UnixFSData, options: UnixFSReadOptions): AsyncGenerator<UnixFSReaderEntry> {
    const prefix = hamtPrefixLength(unixfs, shard.toString())
    for (const link of pb.Links) {
      const name = link.Name ?? ''
      if (name.length === prefix) {
        const inner = await node(link.Hash, options)
        yield * shardEntries(dir, link.Hash, inner.pb, inner.unixfs, options)
      } else {
        yield { cid: link.Hash, name: name.slice(prefix), path: `${dir.toString()}/${name.slice(prefix)}`, size: BigInt(link.Tsize ?? 0) }
      }
    }
  }

  return {
    cat (cid, options = {}) {
      return fileBytes(cid, options)
    },

    async * ls (cid, options = {}) {
      if (cid.code === dagPb.code) {
        const { pb, unixfs } = await node(cid, options)
        if (unixfs.type === 'directory') {
          for (const l of pb.Links) yield { cid: l.Hash, name: l.Name ?? '', path: `${cid.toString()}/${l.Name ?? ''}`, size: BigInt(l.Tsize ?? 0) }
          return
        }
        if (unixfs.type === 'hamt-sharded-directory') {
          yield * shardEntries(cid, cid, pb, unixfs, options)
          return
        }
      }
      const st = await this.stat(cid, options)
      yield { cid, name: cid.toString(), path: cid.toString(), size: st.size }
    },

    async stat (cid, options = {}) {
      if (cid.code === raw.code) return { cid, type: 'raw', size: BigInt((await get(cid, options)).byteLength) }
      if (cid.code !== dagPb.code) throw notUnixFS(cid)
      const { unixfs } = await node(cid, options)
      return { cid, type: unixfs.isDirectory() ? 'directory' : 'file', size: unixfs.fileSize() }
    }
  }
}
