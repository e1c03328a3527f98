import { missingBlockError } from './missing-block-error.js'
import type { UnixFSReader } from './unixfs-reader.js'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/** Options for {@link readFile} */
export interface ReadFileOptions extends AbortOptions {
  /** Never fetch from the network. @default false */
  offline?: boolean
  /** Refuse files larger than this many bytes. @default 512 MiB */
  maxBytes?: number
}

/** Read a whole UnixFS file (or raw block) into memory */
export async function readFile (fs: UnixFSReader, cid: CID, options: ReadFileOptions = {}): Promise<Uint8Array> {
  const max = options.maxBytes ?? 512 * 1024 * 1024
  const parts: Uint8Array[] = []
  let length = 0
  try {
    for await (const chunk of fs.cat(cid, options)) {
      length += chunk.byteLength
      if (length > max) throw new RangeError(`${cid.toString()} is larger than ${max} bytes`)
      parts.push(chunk)
    }
  } catch (err) {
    throw missingBlockError(err, cid, { offline: options.offline, what: `a block of file ${cid.toString()}` }) ?? err
  }
  if (parts.length === 1 && parts[0] != null) return parts[0]
  const out = new Uint8Array(length)
  let offset = 0
  for (const p of parts) {
    out.set(p, offset)
    offset += p.byteLength
  }
  return out
}
