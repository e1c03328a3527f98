import { createHash } from 'node:crypto'
import { mkdir, open } from 'node:fs/promises'
import { endianness } from 'node:os'
import path from 'node:path'
import { withFileLock } from '../../common/index.js'
import { EmbedderLoadError, InvalidEmbedderError } from './errors.js'
import type { FileHandle } from 'node:fs/promises'

/**
 * Vectors keyed by chunk CID string, for one embedder. Content addressing
 * makes this safe: the same CID is the same text, so its vector never goes
 * stale for a given embedder id.
 */
export interface EmbeddingCache {
  /** The embedder id the vectors belong to, when the cache is tied to one */
  readonly embedderId?: string
  /** Number of distinct CIDs held */
  readonly size: number
  /** The cached vector (do not mutate it) */
  get(cid: string): Float32Array | undefined
  /** Whether a vector is cached for the CID */
  has(cid: string): boolean
  /** Cache a vector; persistent caches write it on the next `flush()` */
  set(cid: string, vector: Float32Array | number[]): void
  /** Persist pending vectors (no-op for memory caches) */
  flush(): Promise<void>
  /** Flush and release the file */
  close(): Promise<void>
}

/** Options for {@link openEmbeddingCache} */
export interface OpenEmbeddingCacheOptions {
  /** Folder holding one cache file per embedder (created if missing) */
  dir: string
  /** Embedder id; the file name is the hex sha256 of it */
  embedderId: string
  /** Vector length; opening a file written with another length throws `InvalidEmbedderError` */
  dimensions: number
}

const MAGIC = 0x424d4551 // 'QEMB' little-endian
const VERSION = 1
const HEADER_BYTES = 16
const LITTLE_ENDIAN = endianness() === 'LE'

/**
 * Open (or create) the persistent cache for one embedder: an append-only file
 * `<dir>/<sha256(embedderId)>` with a 16-byte header (`QEMB`, u32 version,
 * u32 dimensions, u32 reserved) followed by records
 * `[u16 cid byte length][cid utf-8][dimensions × f32]`, all little-endian.
 * A later record for the same CID wins. On open every complete record is
 * read and a torn trailing record (a build killed mid-write) is truncated
 * away. `flush()` appends all pending records with one write and an fsync.
 * Opening (which may truncate a torn tail) and every append hold the lock
 * file `<file>.lock`, so several processes can share one cache: no writer
 * sees another's half-written record as torn, and a failed append is cut
 * back to where it began, never into another writer's records.
 */
export async function openEmbeddingCache (options: OpenEmbeddingCacheOptions): Promise<EmbeddingCache> {
  const { dir, embedderId, dimensions } = options
  if (!Number.isInteger(dimensions) || dimensions <= 0) {
    throw new InvalidEmbedderError(`Embedding cache dimensions must be a positive integer, got ${dimensions}`)
  }
  await mkdir(dir, { recursive: true })
  const file = path.join(dir, createHash('sha256').update(embedderId).digest('hex'))
  const lock = `${file}.lock`
  const handle = await open(file, 'a+')
  const vectors = new Map<string, Float32Array>()
  try {
    await withFileLock(lock, async () => { await load(handle, file, dimensions, vectors) })
  } catch (err) {
    await handle.close()
    throw err
  }
  let pending: Array<[string, Float32Array]> = []
  let queue: Promise<void> = Promise.resolve()
  let closed = false
  const recordBytes = (cidBytes: number): number => 2 + cidBytes + dimensions * 4

  const writePending = async (): Promise<void> => {
    if (pending.length === 0) {
      return
    }
    const batch = pending
    pending = []
    const encoded = batch.map(([cid, v]) => [Buffer.from(cid, 'utf8'), v] as const)
    const out = Buffer.alloc(encoded.reduce((n, [c]) => n + recordBytes(c.byteLength), 0))
    let offset = 0
    for (const [cid, v] of encoded) {
      offset = out.writeUInt16LE(cid.byteLength, offset)
      offset += cid.copy(out, offset)
      if (LITTLE_ENDIAN) {
        offset += Buffer.from(v.buffer, v.byteOffset, v.byteLength).copy(out, offset)
      } else {
        for (const x of v) {
          offset = out.writeFloatLE(x, offset)
        }
      }
    }
    await withFileLock(lock, async () => {
      // the end of the file as it is now (other processes may have appended): a failed write is cut back to here
      const start = (await handle.stat()).size
      try {
        for (let written = 0; written < out.byteLength;) {
          written += (await handle.write(out, written, out.byteLength - written)).bytesWritten
        }
        await handle.sync()
      } catch (err) {
        pending = [...batch, ...pending]
        await handle.truncate(start).catch(() => {})
        throw err
      }
    })
  }

  const cache: EmbeddingCache = {
    embedderId,
    get size () { return vectors.size },
    get: cid => vectors.get(cid),
    has: cid => vectors.has(cid),
    set (cid, vector) {
      if (closed) {
        throw new EmbedderLoadError(`Embedding cache ${file} is closed`)
      }
      if (vector.length !== dimensions) {
        throw new InvalidEmbedderError(`Vector for ${cid} has ${vector.length} dimensions, the cache for ${embedderId} holds ${dimensions}`)
      }
      if (Buffer.byteLength(cid, 'utf8') > 0xffff || cid === '') {
        throw new InvalidEmbedderError(`Cache key must be 1 to 65535 UTF-8 bytes: ${cid.slice(0, 80)}`)
      }
      const copy = Float32Array.from(vector)
      vectors.set(cid, copy)
      pending.push([cid, copy])
    },
    async flush () {
      queue = queue.catch(() => {}).then(writePending)
      await queue
    },
    async close () {
      if (closed) {
        return
      }
      try {
        await cache.flush()
      } finally {
        closed = true
        await handle.close()
      }
    }
  }
  return cache
}

/** Read the header and all complete records; truncate a torn tail. Returns the good length. */
async function load (handle: FileHandle, file: string, dimensions: number, into: Map<string, Float32Array>): Promise<number> {
  const { size } = await handle.stat()
  if (size < HEADER_BYTES) {
    const header = Buffer.alloc(HEADER_BYTES)
    header.writeUInt32LE(MAGIC, 0)
    header.writeUInt32LE(VERSION, 4)
    header.writeUInt32LE(dimensions, 8)
    await handle.truncate(0)
    await handle.write(header, 0, HEADER_BYTES)
    await handle.sync()
    return HEADER_BYTES
  }
  const bytes = Buffer.alloc(size)
  for (let read = 0; read < size;) {
    const { bytesRead } = await handle.read(bytes, read, size - read, read)
    if (bytesRead === 0) break
    read += bytesRead
  }
  if (bytes.readUInt32LE(0) !== MAGIC || bytes.readUInt32LE(4) !== VERSION) {
    throw new EmbedderLoadError(`${file} is not a version ${VERSION} Quarry embedding cache`)
  }
  const stored = bytes.readUInt32LE(8)
  if (stored !== dimensions) {
    throw new InvalidEmbedderError(`Embedding cache ${file} holds ${stored}-d vectors, expected ${dimensions}`)
  }
  let offset = HEADER_BYTES
  const vectorBytes = dimensions * 4
  while (offset + 2 <= size) {
    const cidBytes = bytes.readUInt16LE(offset)
    const end = offset + 2 + cidBytes + vectorBytes
    if (cidBytes === 0 || end > size) {
      break
    }
    const cid = bytes.toString('utf8', offset + 2, offset + 2 + cidBytes)
    const start = offset + 2 + cidBytes
    let vector: Float32Array
    if (LITTLE_ENDIAN) {
      vector = new Float32Array(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + start + vectorBytes))
    } else {
      vector = new Float32Array(dimensions)
      for (let i = 0; i < dimensions; i++) {
        vector[i] = bytes.readFloatLE(start + i * 4)
      }
    }
    into.set(cid, vector)
    offset = end
  }
  if (offset < size) {
    await handle.truncate(offset)
    await handle.sync()
  }
  return offset
}
