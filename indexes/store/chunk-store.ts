import { CID } from 'multiformats/cid'
import { InvalidIndexError } from '../errors.js'
import type { Chunk } from '../chunk.js'

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

function parseCid (value: unknown, line: number, field: string): CID {
  if (typeof value !== 'string') fail(line, `${field} must be a CID string`)
  try {
    return CID.parse(value)
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
  const chunk: Chunk = {
    chunkCid: parseCid(record.chunkCid, line, 'chunkCid'),
    // a document's chunks share its CID: parse it once (parsing is most of the load time of a large index)
    docCid: docCids.get(record.docCid as string) ?? rememberCid(docCids, parseCid(record.docCid, line, 'docCid')),
    path,
    title,
    byteStart,
    byteEnd,
    text
  }
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

function rememberCid (cids: Map<string, CID>, cid: CID): CID {
  cids.set(cid.toString(), cid)
  return cid
}
