import { ByteReader, ByteWriter } from './byte-codec.js'
import { partsPrefix, type ByteParts } from './byte-parts.js'
import { MIN_PAIR_CHUNKS, type PostingsContents } from './bm25-postings.js'
import { PairTable } from './pair-table.js'
import type { Counts, FrozenPostings } from './posting-lists.js'

/** Format name in the header of every lexical index file */
export const LEXICAL_FORMAT = 'quarry-lexical-index'

/** The header line of a version 4 file */
export interface LexicalFileHeader {
  format: typeof LEXICAL_FORMAT
  version: 4
  /** Ranking parameters (BM25, feedback), as `LexicalParams` */
  params: Record<string, unknown>
  chunks: number
  /** Whether chunk ids are 0, 1, 2… in order (then they are not listed) */
  sequentialIds: boolean
  words: number
  pairs: number
  wordPostings: number
  pairPostings: number
  /** Bits of a term count: 16, or 32 when some count needs more */
  countBits: 16 | 32
}

const held = (lists: FrozenPostings, t: number): number => (lists.start[t + 1] as number) - (lists.start[t] as number)

function writeLists (w: ByteWriter, lists: FrozenPostings, t: number): void {
  const { start, doc, tf, ctf } = lists
  const lo = start[t] as number
  const hi = start[t + 1] as number
  w.varint(hi - lo)
  let prev = -1
  for (let i = lo; i < hi; i++) { w.varint((doc[i] as number) - prev - 1); prev = doc[i] as number }
  for (let i = lo; i < hi; i++) w.varint(tf[i] as number)
  for (let i = lo; i < hi; i++) w.varint(ctf[i] as number)
}

/**
 * Write lexical index format 4, piece by piece (never one string or buffer):
 * a JSON header line (see {@link LexicalFileHeader}), then unsigned LEB128
 * varints: chunk ids (unless sequential), text and context lengths, the
 * words (UTF-8, one per line, with their byte length first), each word's
 * postings (count, document gaps − 1, text counts, context counts), the
 * pairs held by at least {@link MIN_PAIR_CHUNKS} chunks (two word numbers
 * each), then their postings. Same contents, same bytes.
 *
 * @throws {RangeError} when a chunk id is not a non-negative safe integer
 */
export function * encodeLexicalFile (params: object, c: PostingsContents): Generator<Uint8Array> {
  const { ids, wordPostings: words, pairPostings: pairs } = c
  let pairPostings = 0
  let keptCount = 0
  for (let p = 0; p < c.pairs.size; p++) if (held(pairs, p) >= MIN_PAIR_CHUNKS) keptCount++
  const kept = new Uint32Array(keptCount)
  for (let p = 0, k = 0; p < c.pairs.size; p++) {
    if (held(pairs, p) >= MIN_PAIR_CHUNKS) { kept[k++] = p; pairPostings += held(pairs, p) }
  }
  for (const id of ids) if (!Number.isSafeInteger(id) || id < 0) throw new RangeError(`A chunk id must be a non-negative integer to be written, got ${id}`)
  const header: LexicalFileHeader = {
    format: LEXICAL_FORMAT,
    version: 4,
    params: { ...params },
    chunks: ids.length,
    sequentialIds: ids.every((id, i) => id === i),
    words: c.words.length,
    pairs: kept.length,
    wordPostings: words.doc.length,
    pairPostings,
    countBits: [words.tf, words.ctf, pairs.tf, pairs.ctf].some(a => a instanceof Uint32Array) ? 32 : 16
  }
  const w = new ByteWriter()
  w.bytes(new TextEncoder().encode(JSON.stringify(header) + '\n'))
  if (!header.sequentialIds) for (const id of ids) w.varint(id)
  for (const n of c.lengths) w.varint(n)
  for (const n of c.contextLengths) w.varint(n)
  const text = new TextEncoder().encode(c.words.join('\n'))
  w.varint(text.byteLength)
  w.bytes(text)
  yield * w.take()
  for (let t = 0; t < c.words.length; t++) {
    writeLists(w, words, t)
    if (t % 4096 === 4095) yield * w.take()
  }
  for (const p of kept) { w.varint(c.pairs.first(p)); w.varint(c.pairs.second(p)) }
  for (let i = 0; i < kept.length; i++) {
    writeLists(w, pairs, kept[i] as number)
    if (i % 4096 === 4095) yield * w.take()
  }
  yield * w.take()
}

/** The header of a lexical index file (format 4 or earlier; one buffer or its parts), or undefined when it has none */
export function readLexicalHeader (file: Uint8Array | ByteParts): { header: Record<string, unknown>, end: number } | undefined {
  const data = file instanceof Uint8Array ? file : partsPrefix(file, 65536)
  const nl = data.subarray(0, 65536).indexOf(10)
  const line = new TextDecoder().decode(data.subarray(0, nl < 0 ? Math.min(data.byteLength, 65536) : nl))
  if (nl < 0 || !line.startsWith('{')) return undefined
  try {
    const header = JSON.parse(line)
    return typeof header === 'object' && header != null ? { header, end: nl + 1 } : undefined
  } catch {
    return undefined
  }
}

const count = (v: unknown, what: string): number => {
  if (!Number.isSafeInteger(v) || (v as number) < 0) throw new RangeError(`header field ${what} must be a non-negative integer`)
  return v as number
}

function readLists (r: ByteReader, terms: number, total: number, chunks: number, bits: 16 | 32, minHeld: number): FrozenPostings {
  const start = new Uint32Array(terms + 1)
  const doc = new Uint32Array(total)
  const tf: Counts = bits === 16 ? new Uint16Array(total) : new Uint32Array(total)
  const ctf: Counts = bits === 16 ? new Uint16Array(total) : new Uint32Array(total)
  const maxCount = bits === 16 ? 0xffff : 0xffffffff
  let at = 0
  for (let t = 0; t < terms; t++) {
    const n = r.varint()
    if (n > total - at || n < minHeld) throw new RangeError(`term ${t} has ${n} postings (${total - at} left)`)
    let prev = -1
    for (let i = at; i < at + n; i++) {
      prev += 1 + r.varint()
      if (prev >= chunks) throw new RangeError(`term ${t} lists chunk ${prev} of ${chunks}`)
      doc[i] = prev
    }
    for (let i = at; i < at + n; i++) {
      const v = r.varint()
      if (v > maxCount) throw new RangeError(`term ${t} has a count of ${v}`)
      tf[i] = v
    }
    for (let i = at; i < at + n; i++) {
      const v = r.varint()
      if (v > maxCount) throw new RangeError(`term ${t} has a context count of ${v}`)
      ctf[i] = v
    }
    at += n
    start[t + 1] = at
  }
  if (at !== total) throw new RangeError(`${at} postings found, ${total} announced`)
  return { start, doc, tf, ctf }
}

/**
 * Read a file written by {@link encodeLexicalFile}, from one buffer or from
 * its parts in order (read in place, never joined).
 *
 * @throws {RangeError} or {TypeError} naming what is malformed
 */
export function decodeLexicalFile (data: Uint8Array | ByteParts): { params: Record<string, unknown>, contents: PostingsContents } {
  const read = readLexicalHeader(data)
  const h = read?.header as Partial<LexicalFileHeader> | undefined
  if (read === undefined || h?.format !== LEXICAL_FORMAT || h.version !== 4) throw new TypeError(`not a ${LEXICAL_FORMAT} version 4 file`)
  if (typeof h.params !== 'object' || h.params == null || (h.countBits !== 16 && h.countBits !== 32) || typeof h.sequentialIds !== 'boolean') throw new TypeError('header fields params, countBits or sequentialIds are invalid')
  const r = new ByteReader(data, read.end)
  const chunks = count(h.chunks, 'chunks')
  const words = count(h.words, 'words')
  const pairs = count(h.pairs, 'pairs')
  const wordPostings = count(h.wordPostings, 'wordPostings')
  const pairPostings = count(h.pairPostings, 'pairPostings')
  // every item takes at least one byte (a posting three): refuse sizes the data cannot hold before allocating them
  if (2 * chunks + words + 2 * pairs + 3 * (wordPostings + pairPostings) > r.left) throw new RangeError('header counts exceed the data')
  const ids = h.sequentialIds ? Array.from({ length: chunks }, (_, i) => i) : Array.from({ length: chunks }, () => r.varint())
  const lengths = Array.from({ length: chunks }, () => r.bounded(0xffffffff, 'chunk length'))
  const contextLengths = Array.from({ length: chunks }, () => r.bounded(0xffffffff, 'context length'))
  const text = new TextDecoder('utf-8', { fatal: true }).decode(r.bytes(r.bounded(r.left, 'word list length')))
  const list = words === 0 && text === '' ? [] : text.split('\n')
  if (list.length !== words) throw new RangeError(`${list.length} words found, ${words} announced`)
  const wordLists = readLists(r, words, wordPostings, chunks, h.countBits, 1)
  const table = new PairTable(pairs)
  for (let p = 0; p < pairs; p++) {
    const a = r.bounded(words - 1, 'pair word')
    if (table.add(a, r.bounded(words - 1, 'pair word')) !== p) throw new RangeError(`pair ${p} is listed twice`)
  }
  const pairLists = readLists(r, pairs, pairPostings, chunks, h.countBits, MIN_PAIR_CHUNKS)
  if (r.left !== 0) throw new RangeError(`${r.left} bytes after the last pair`)
  return {
    params: h.params as Record<string, unknown>,
    contents: { ids, lengths, contextLengths, words: list, pairs: table, wordPostings: wordLists, pairPostings: pairLists }
  }
}
