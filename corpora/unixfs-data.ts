import { CorruptBlockError } from './errors.js'

/** UnixFS node types (the `Type` enum of the UnixFS `Data` message) */
export const UNIXFS_TYPES = { raw: 0, directory: 1, file: 2, metadata: 3, symlink: 4, hamtShard: 5 } as const

/** The fields of a UnixFS `Data` message that reading files and folders needs */
export interface UnixFSData {
  /** `Type` (see {@link UNIXFS_TYPES}) */
  type: number
  /** Inline bytes of a file node (before its children's bytes) */
  data?: Uint8Array
  /** Byte count of each child of a file node, in link order */
  blockSizes: bigint[]
}

/**
 * Decode a UnixFS `Data` protobuf (the `Data` field of a dag-pb node) with a
 * few lines instead of a protobuf runtime: fields 1 (`Type`), 2 (`Data`) and
 * 4 (`blocksizes`, packed or not) are read, the others (file size, hash type,
 * fan-out, mode, mtime) skipped by their wire type.
 *
 * @throws {CorruptBlockError} when the bytes are not a protobuf message or lack `Type`
 */
export function decodeUnixFSData (bytes: Uint8Array): UnixFSData {
  let pos = 0
  const fail = (why: string): never => { throw new CorruptBlockError(`Not a UnixFS Data message: ${why}`) }
  const varint = (): bigint => {
    let value = 0n
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (pos >= bytes.length) fail('truncated varint')
      const b = bytes[pos++] as number
      value |= BigInt(b & 0x7f) << shift
      if ((b & 0x80) === 0) return value
    }
    return fail('varint too long')
  }
  const length = (): number => {
    const n = Number(varint())
    if (pos + n > bytes.length) fail('field runs past the end')
    return n
  }
  let type: number | undefined
  let data: Uint8Array | undefined
  const blockSizes: bigint[] = []
  while (pos < bytes.length) {
    const key = Number(varint())
    const field = key >>> 3
    const wire = key & 7
    if (field === 1 && wire === 0) {
      type = Number(varint())
    } else if (field === 2 && wire === 2) {
      const n = length()
      data = bytes.subarray(pos, pos + n)
      pos += n
    } else if (field === 4 && wire === 0) {
      blockSizes.push(varint())
    } else if (field === 4 && wire === 2) {
      const end = pos + length()
      while (pos < end) blockSizes.push(varint())
    } else if (wire === 0) {
      varint()
    } else if (wire === 1) {
      pos += 8
    } else if (wire === 2) {
      pos += length()
    } else if (wire === 5) {
      pos += 4
    } else {
      fail(`wire type ${wire}`)
    }
  }
  if (pos > bytes.length) fail('truncated field')
  if (type === undefined) fail('no Type')
  return { type: type as number, ...(data != null ? { data } : {}), blockSizes }
}

/** The byte size of a file node: its inline data plus its children's (as `ipfs-unixfs` computes it); 0 for folders */
export function unixfsFileSize (d: UnixFSData): bigint {
  if (d.type === UNIXFS_TYPES.directory || d.type === UNIXFS_TYPES.hamtShard) return 0n
  let sum = BigInt(d.data?.byteLength ?? 0)
  for (const s of d.blockSizes) sum += s
  return sum
}
