import { CID } from 'multiformats/cid'
import { InvalidIndexError } from '../errors.js'
import type { Chunk } from '../chunk.js'
import { asParts, type ByteParts } from '../search/byte-parts.js'

/**
 * Serialise chunks as JSONL for the index directory: one chunk per line, CIDs
 * as strings, `id` = position in `chunks` (the id the vector and lexical
 * indexes use). Ends with a newline.
 */
export function encodeChunks (chunks: Chunk[]): string {
  return chunks.map(encodeChunkLine).join('')
}

/**
 * The same bytes as {@link encodeChunks}, UTF-8 encoded a few hundred lines at
 * a time, so a large index is written without one big string.
 */
export function * encodeChunksUtf8 (chunks: Chunk[], linesPerPart = 512): Generator<Uint8Array> {
  const enc = new TextEncoder()
  for (let start = 0; start < chunks.length; start += linesPerPart) {
    yield enc.encode(chunks.slice(start, start + linesPerPart).map((chunk, i) => encodeChunkLine(chunk, start + i)).join(''))
  }
}

function encodeChunkLine (chunk: Chunk, id: number): string {
  return JSON.stringify({
    id,
    chunkCid: chunk.chunkCid.toString(),
    docCid: chunk.docCid.toString(),
    path: chunk.path,
    title: chunk.title,
    headings: chunk.headings,
    page: chunk.page,
    byteStart: chunk.byteStart,
    byteEnd: chunk.byteEnd,
    text: chunk.text
  }) + '\n'
}

function fail (line: number, message: string, cause?: unknown): never {
  throw new InvalidIndexError(`Invalid chunk on line ${line}: ${message}`, cause == null ? undefined : { cause })
}

/** base32 (RFC 4648, lower case, no padding) digit values, -1 for other characters */
const BASE32 = (() => {
  const table = new Int8Array(128).fill(-1)
  for (const [i, c] of [...'abcdefghijklmnopqrstuvwxyz234567'].entries()) table[c.charCodeAt(0)] = i
  return table
})()

/**
 * The bytes of a `b…` (multibase base32) CID string, or undefined when it is
 * not one that decodes cleanly (then `CID.parse` decides, and names the
 * problem). `CID.parse` gives the same CID but takes ~3× as long, which is
 * most of the load time of a large index's chunk store.
 */
function base32CidBytes (s: string): Uint8Array | undefined {
  if (s.charCodeAt(0) !== 0x62) return undefined
  const out = new Uint8Array(((s.length - 1) * 5) >>> 3)
  let bits = 0
  let value = 0
  let j = 0
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i)
    const v = c < 128 ? BASE32[c] as number : -1
    if (v < 0) return undefined
    value = ((value << 5) | v) & 0xfff
    bits += 5
    if (bits >= 8) {
      bits -= 8
      out[j++] = (value >>> bits) & 0xff
    }
  }
  // leftover bits must be zero padding, as RFC 4648 decoders require
  return bits < 5 && (value & ((1 << bits) - 1)) === 0 ? out : undefined
}

/** A varint at `pos` of `bytes`: [value, next position], or undefined when it runs past the end or past 2^53 */
function varint (bytes: Uint8Array, pos: number): [number, number] | undefined {
  let value = 0
  for (let shift = 0; shift < 53; shift += 7) {
    if (pos >= bytes.length) return undefined
    const b = bytes[pos++] as number
    value += (b & 0x7f) * 2 ** shift
    if ((b & 0x80) === 0) return [value, pos]
  }
  return undefined
}

/**
 * True when `bytes` are a whole CIDv1 (version, codec, multihash code, digest
 * length and exactly that many digest bytes), so `CID.decode` cannot fail on
 * them: it may then run later, when the CID is first used.
 */
function isWholeCidV1 (bytes: Uint8Array): boolean {
  if (bytes[0] !== 1) return false
  const codec = varint(bytes, 1)
  const code = codec === undefined ? undefined : varint(bytes, codec[1])
  const size = code === undefined ? undefined : varint(bytes, code[1])
  return size !== undefined && size[1] + size[0] === bytes.length
}

/**
 * A chunk CID string checked: the CID itself, or, for a whole base32 CIDv1,
 * its bytes, decoded on first read by {@link setChunkCid} (most chunks of a
 * loaded index are never cited, and decoding every CID was the largest cost
 * of loading a large chunk store). A bad CID fails here, with the same error.
 */
function checkChunkCid (value: unknown, line: number): CID | Uint8Array {
  const bytes = typeof value === 'string' ? base32CidBytes(value) : undefined
  return bytes !== undefined && isWholeCidV1(bytes) ? bytes : parseCid(value, line, 'chunkCid')
}

/** Give `chunk` its `chunkCid`; from bytes, a property that decodes on first read and then reads and writes as a plain one */
function setChunkCid (chunk: Chunk, checked: CID | Uint8Array): void {
  if (!(checked instanceof Uint8Array)) {
    chunk.chunkCid = checked
    return
  }
  const settle = (cid: CID): CID => {
    Object.defineProperty(chunk, 'chunkCid', { value: cid, enumerable: true, writable: true, configurable: true })
    return cid
  }
  Object.defineProperty(chunk, 'chunkCid', { enumerable: true, configurable: true, get: () => settle(CID.decode(checked)), set: settle })
}

function parseCid (value: unknown, line: number, field: string): CID {
  if (typeof value !== 'string') fail(line, `${field} must be a CID string`)
  try {
    const bytes = base32CidBytes(value)
    // the same checks as CID.parse: the alphabet and padding above, the CID's own structure in CID.decode
    return bytes != null ? CID.decode(bytes) : CID.parse(value)
  } catch (err) {
    fail(line, `${field} is not a CID`, err)
  }
}

function isOffset (value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0
}

function decodeLine (json: string, line: number, docCids: Map<string, CID>): Chunk {
  let record: Record<string, unknown>
  try {
    record = JSON.parse(json)
  } catch (err) {
    fail(line, 'not valid JSON', err)
  }
  if (typeof record !== 'object' || record == null || Array.isArray(record)) fail(line, 'not a JSON object')
  const { id, path, title, headings, page, byteStart, byteEnd, text } = record
  if (id !== line - 1) fail(line, `id must be ${line - 1}, the chunk's position`)
  if (typeof path !== 'string') fail(line, 'path must be a string')
  if (typeof title !== 'string') fail(line, 'title must be a string')
  if (typeof text !== 'string') fail(line, 'text must be a string')
  if (!isOffset(byteStart) || !isOffset(byteEnd) || byteEnd < byteStart) fail(line, 'byteStart/byteEnd must be offsets with byteStart <= byteEnd')
  if (headings !== undefined && (!Array.isArray(headings) || !headings.every((h) => typeof h === 'string'))) fail(line, 'headings must be an array of strings')
  if (page !== undefined && !Number.isSafeInteger(page)) fail(line, 'page must be an integer')
  const chunkCid = checkChunkCid(record.chunkCid, line)
  const chunk: Chunk = {
    chunkCid: undefined as unknown as CID,
    // a document's chunks share its CID: parse it once (parsing is most of the load time of a large index)
    docCid: docCids.get(record.docCid as string) ?? rememberCid(docCids, parseCid(record.docCid, line, 'docCid')),
    path,
    title,
    byteStart,
    byteEnd,
    text
  }
  setChunkCid(chunk, chunkCid)
  if (headings !== undefined) chunk.headings = headings as string[]
  if (page !== undefined) chunk.page = page as number
  return chunk
}

/**
 * Parse what {@link encodeChunks} wrote. Checks every field (not the chunk
 * CIDs against the texts: use `verifyChunkCid` for that).
 *
 * @throws {InvalidIndexError} naming the first malformed line (1-based)
 */
export function decodeChunks (jsonl: string): Chunk[] {
  const lines = jsonl.split('\n')
  if (lines.at(-1) === '') lines.pop()
  const docCids = new Map<string, CID>()
  return lines.map((json, i) => decodeLine(json, i + 1, docCids))
}

/** Bytes of chunks.jsonl decoded per step by {@link decodeChunkBytes} */
const DECODE_WINDOW = 8 * 1024 * 1024

/**
 * {@link decodeChunks} from the file's bytes: one buffer, or its parts in
 * order ({@link ByteParts}), decoded {@link DECODE_WINDOW} bytes at a time, so
 * the file is never one string (V8's strings stop at about 0.5 GiB).
 *
 * @throws {InvalidIndexError} naming the first malformed line (1-based)
 */
export function decodeChunkBytes (data: Uint8Array | ByteParts): Chunk[] {
  const docCids = new Map<string, CID>()
  const chunks: Chunk[] = []
  const decoder = new TextDecoder()
  let rest = ''
  for (const part of asParts(data)) {
    for (let at = 0; at < part.byteLength; at += DECODE_WINDOW) {
      const lines = (rest + decoder.decode(part.subarray(at, at + DECODE_WINDOW), { stream: true })).split('\n')
      rest = lines.pop() as string
      for (const json of lines) chunks.push(decodeLine(json, chunks.length + 1, docCids))
    }
  }
  rest += decoder.decode()
  if (rest !== '') chunks.push(decodeLine(rest, chunks.length + 1, docCids))
  return chunks
}

function rememberCid (cids: Map<string, CID>, cid: CID): CID {
  cids.set(cid.toString(), cid)
  return cid
}
