import { chunkCid } from './chunk-cid.js'
import { headingText, scanMarkdown, type Document } from '../../corpora/index.js'
import { readableText, textStyle } from './readable-text.js'
import type { Chunk } from '../chunk.js'

/** Options for {@link chunkDocuments}. Sizes are in UTF-16 code units (JavaScript string length). */
export interface ChunkOptions {
  /** Maximum chunk length. @default 1000 */
  chunkSize?: number
  /** How much of the previous chunk a split section's next chunk repeats, at most (must be < chunkSize). @default 150 */
  chunkOverlap?: number
  /** Shorter chunks are merged into a neighbour or dropped, unless a document has nothing else. @default 40 */
  minChunkChars?: number
  /** Stops chunking between chunks */
  signal?: AbortSignal
}

/** Defaults for {@link ChunkOptions} */
export const DEFAULT_CHUNK_OPTIONS = { chunkSize: 1000, chunkOverlap: 150, minChunkChars: 40 } as const

type Sizes = Required<Omit<ChunkOptions, 'signal'>>

/** A character range of `doc.text` with its context */
interface Span { start: number, end: number, headings?: string[], page?: number }

const SENTENCE_END = /[.!?…。！？]['"”’)\]]*(?=\s)|[。！？]/g
const PARAGRAPH_BREAK = /\n[^\S\n]*\n/g
const HAS_WORD = /[\p{L}\p{N}]/u
const isSpace = (ch: string | undefined): boolean => ch != null && /\s/.test(ch)

/** Converts UTF-16 indices to UTF-8 byte offsets and back, cheaply when moving forward */
class Utf8Offsets {
  #char = 0
  #byte = 0
  constructor (private readonly text: string) {}

  #step (): void {
    const code = this.text.charCodeAt(this.#char)
    const pair = code >= 0xD800 && code <= 0xDBFF && (this.text.charCodeAt(this.#char + 1) & 0xFC00) === 0xDC00
    this.#byte += code < 0x80 ? 1 : code < 0x800 ? 2 : pair ? 4 : 3
    this.#char += pair ? 2 : 1
  }

  toByte (char: number): number {
    if (char < this.#char) { this.#char = 0; this.#byte = 0 }
    while (this.#char < char) this.#step()
    return this.#byte
  }

  toChar (byte: number): number {
    if (byte < this.#byte) { this.#char = 0; this.#byte = 0 }
    while (this.#byte < byte && this.#char < this.text.length) this.#step()
    return this.#char
  }
}

function trimmed (text: string, start: number, end: number): [number, number] {
  while (start < end && isSpace(text[start])) start++
  while (end > start && isSpace(text[end - 1])) end--
  return [start, end]
}

/** Markdown sections from headings (ATX and setext, outside code: {@link scanMarkdown}), each starting at its heading */
function markdownSections (text: string, from: number): Span[] {
  const sections: Span[] = []
  const stack: Array<{ level: number, title: string }> = []
  let start = from
  let headings: string[] = []
  for (const block of scanMarkdown(text, from)) {
    if (block.kind !== 'heading') continue
    sections.push({ start, end: block.start, headings })
    while ((stack.at(-1)?.level ?? 0) >= block.level) stack.pop()
    stack.push({ level: block.level, title: headingText(text.slice(block.contentStart, block.contentEnd)) })
    headings = stack.map((h) => h.title).filter((title) => title !== '')
    start = block.start
  }
  sections.push({ start, end: text.length, headings })
  return sections
}

/** Heading path for a span made of a short section followed by another */
function joinHeadings (first: string[], second: string[]): string[] {
  let i = 0
  while (i < first.length && first[i] === second[i]) i++
  return i === first.length ? second : first.slice(0, i)
}

/** Glue sections shorter than `min` to the next section (the last to the previous one) */
function mergeShort (text: string, spans: Span[], min: number): Span[] {
  const out: Span[] = []
  let pending: Span | undefined
  for (const span of spans) {
    const [start, end] = trimmed(text, pending?.start ?? span.start, span.end)
    if (start === end) continue
    const merged = { start, end, headings: joinHeadings(pending?.headings ?? [], span.headings ?? []) }
    pending = undefined
    if (end - start < min) pending = merged
    else out.push(merged)
  }
  const last = out.at(-1)
  if (pending != null && last != null) last.end = pending.end
  else if (pending != null) out.push(pending)
  return out
}

/** Where a chunk starting at `p` should end: paragraph, line, sentence, word boundary, else a hard cut */
function findBreak (text: string, p: number, floor: number, size: number): number {
  const w = p + size
  const window = text.slice(p, w + 1)
  const lo = Math.max(p + Math.floor(size / 2), floor + 1)
  const last = (positions: Iterable<number>, min: number): number | undefined => {
    let found: number | undefined
    for (const at of positions) if (at >= min && at <= w) found = at
    return found
  }
  const matches = (re: RegExp, end: boolean): Iterable<number> =>
    [...window.matchAll(re)].map((m) => p + m.index + (end ? m[0].length : 0))
  const spaces = function * (): Iterable<number> { for (let i = 1; i < window.length; i++) if (isSpace(window[i])) yield p + i }
  const hard = (text.charCodeAt(w) & 0xFC00) === 0xDC00 ? (w - 1 > floor ? w - 1 : w + 1) : w
  return last(matches(PARAGRAPH_BREAK, false), lo) ?? last(matches(/\n/g, false), lo) ??
    last(matches(SENTENCE_END, true), lo) ?? last(spaces(), floor + 1) ?? hard
}

/** Start of the next chunk: the earliest sentence start, else word start, at most `overlap` before `b` */
function overlapStart (text: string, p: number, b: number, overlap: number): number {
  let word: number | undefined
  for (let j = Math.max(p + 1, b - overlap); j < b; j++) {
    const prev = text[j - 1] ?? ''
    if (isSpace(text[j]) || !(isSpace(prev) || '。！？'.includes(prev))) continue
    word ??= j
    let k = j - 1
    while (k > p && isSpace(text[k])) k--
    while (k > p && '"\'”’)]'.includes(text[k] ?? '')) k--
    if (text.slice(k + 1, j).includes('\n') || '.!?…。！？'.includes(text[k] ?? '')) return j
  }
  return word ?? b
}

/** Split a span longer than `chunkSize` into overlapping windows */
function * splitSpan (text: string, span: Span, sizes: Sizes): Generator<Span> {
  let [p, end] = trimmed(text, span.start, span.end)
  let floor = p
  while (end - p > sizes.chunkSize) {
    const b = findBreak(text, p, floor, sizes.chunkSize)
    const [start, stop] = trimmed(text, p, b)
    if (start < stop) yield { ...span, start, end: stop }
    floor = b
    p = trimmed(text, overlapStart(text, p, b, sizes.chunkOverlap), end)[0]
  }
  if (p < end) yield { ...span, start: p, end }
}

function documentSpans (doc: Document, sizes: Sizes): Span[] {
  const offsets = new Utf8Offsets(doc.text)
  let spans: Span[]
  if (doc.pages != null) {
    spans = doc.pages.map((page) => ({ start: offsets.toChar(page.byteStart), end: offsets.toChar(page.byteEnd), page: page.number }))
  } else if (doc.mediaType === 'text/markdown') {
    const frontMatter = doc.metadata.frontMatterBytes
    const from = typeof frontMatter === 'number' && frontMatter > 0 ? offsets.toChar(frontMatter) : 0
    spans = mergeShort(doc.text, markdownSections(doc.text, from), sizes.minChunkChars)
  } else {
    spans = [{ start: 0, end: doc.text.length }]
  }
  const pieces = spans.flatMap((span) => [...splitSpan(doc.text, span, sizes)])
  const long = pieces.filter((piece) => piece.end - piece.start >= sizes.minChunkChars)
  return long.length > 0 ? long : pieces
}

function resolveOptions (options: ChunkOptions): Sizes {
  const sizes: Sizes = {
    chunkSize: options.chunkSize ?? DEFAULT_CHUNK_OPTIONS.chunkSize,
    chunkOverlap: options.chunkOverlap ?? DEFAULT_CHUNK_OPTIONS.chunkOverlap,
    minChunkChars: options.minChunkChars ?? DEFAULT_CHUNK_OPTIONS.minChunkChars
  }
  if (!Number.isInteger(sizes.chunkSize) || sizes.chunkSize < 1 || !Number.isInteger(sizes.chunkOverlap) ||
    sizes.chunkOverlap < 0 || sizes.chunkOverlap >= sizes.chunkSize || !(sizes.minChunkChars >= 0)) {
    throw new RangeError(`Invalid chunk options ${JSON.stringify(sizes)}`)
  }
  return sizes
}

/**
 * Split documents into chunks, structure first: markdown (`text/markdown`) by
 * ATX and setext headings outside code fences (CommonMark, `scanMarkdown`), after `metadata.frontMatterBytes`, keeping
 * the heading path; paged documents page by page (text outside `pages` is not
 * chunked), keeping the page number; anything else as one run of paragraphs.
 * Sections longer than `chunkSize` are split at paragraph, line, sentence,
 * then word boundaries, with up to `chunkOverlap` of repetition.
 *
 * Chunks whose readable text ({@link readableText}) has no letter or digit
 * (only markup) are left out.
 *
 * Every chunk's `text` is a whitespace-trimmed substring of `doc.text`, found
 * at UTF-8 bytes `byteStart`–`byteEnd`, and `chunkCid` is its {@link chunkCid}.
 */
export async function * chunkDocuments (documents: AsyncIterable<Document> | Iterable<Document>, options: ChunkOptions = {}): AsyncGenerator<Chunk> {
  const sizes = resolveOptions(options)
  for await (const doc of documents) {
    options.signal?.throwIfAborted()
    const offsets = new Utf8Offsets(doc.text)
    const style = textStyle({ path: doc.path, ...(doc.pages != null ? { page: 1 } : {}) })
    for (const span of documentSpans(doc, sizes)) {
      options.signal?.throwIfAborted()
      const text = doc.text.slice(span.start, span.end)
      // nothing but markup (a <meta> line, a GitBook tag): nothing to read or find
      if (!HAS_WORD.test(readableText(text, style))) continue
      const byteStart = offsets.toByte(span.start)
      yield {
        chunkCid: await chunkCid(text),
        docCid: doc.cid,
        path: doc.path,
        title: doc.title,
        ...(span.headings != null ? { headings: span.headings } : {}),
        ...(span.page != null ? { page: span.page } : {}),
        byteStart,
        byteEnd: byteStart + Buffer.byteLength(text),
        text
      }
    }
  }
}
