/**
 * The readable form of a chunk: what is indexed (BM25 and embeddings) and
 * what is shown to people, as opposed to the exact source bytes that the
 * chunk CID and byte range pin.
 *
 * Invariant: `chunk.text` stays an exact substring of the document (its CID
 * and `byteStart`/`byteEnd` locate it), and every citation quotes an exact
 * substring of `chunk.text`, so `quarry verify` checks bytes, never this
 * readable form. The readable form is a pure function of the source text and
 * the chunk's kind ({@link textStyle}), so anyone can recompute what was
 * indexed or shown from the verified bytes.
 *
 * @packageDocumentation
 */

import type { Chunk } from '../chunk.js'

/** How a chunk's source text is turned into readable text */
export interface TextStyle {
  /** Markdown source: strip markup (HTML tags, link targets, front matter, table pipes, emphasis, GitBook tags) */
  markup: boolean
  /**
   * Text whose line breaks are layout, not structure (OCR and PDF pages):
   * words hyphenated across a line break are joined and sentences run on
   * across line breaks
   */
  wrapped: boolean
}

const MARKDOWN_PATH = /\.(md|markdown|mdx)(#|$)/i

/** The {@link TextStyle} of a chunk: markup by its path's extension, wrapped when it comes from a paged document */
export function textStyle (chunk: Pick<Chunk, 'path' | 'page'>): TextStyle {
  return { markup: MARKDOWN_PATH.test(chunk.path), wrapped: chunk.page !== undefined }
}

/** Paths read as plain text when a quote is made readable: everything else may hold markup */
const PLAIN_PATH = /\.(json|jsonl|txt|csv)(#|$)/i

/**
 * The {@link TextStyle} that turns a quote of a document into an answer
 * sentence: markup stripped unless the path is plain text (JSON, text, CSV),
 * and always `wrapped` (an answer sentence is one line, words hyphenated
 * across a line break joined). The extractive answerer makes its sentences
 * with it and `quarry verify` compares sentences with quotes through it.
 */
export function sentenceStyle (path: string): TextStyle {
  return { markup: !PLAIN_PATH.test(path), wrapped: true }
}

/** A quote (or any source text) as an answer sentence reads it: {@link readableText} in {@link sentenceStyle} */
export function sentenceText (source: string, path: string): string {
  return readableText(source, sentenceStyle(path))
}

/** Readable texts already computed, by chunk object: an index build, BM25 and the answerers each ask for every chunk's */
const readableCache = new WeakMap<object, { text: string, path: string, page: number | undefined, readable: string }>()

/** The readable text of a chunk (see {@link readableText}), computed once per chunk object */
export function readableChunkText (chunk: Pick<Chunk, 'path' | 'page' | 'text'>): string {
  const cached = readableCache.get(chunk)
  // chunks are not changed after chunking, but a changed object never gets a stale result
  if (cached !== undefined && cached.text === chunk.text && cached.path === chunk.path && cached.page === chunk.page) return cached.readable
  const readable = readableText(chunk.text, textStyle(chunk))
  readableCache.set(chunk, { text: chunk.text, path: chunk.path, page: chunk.page, readable })
  return readable
}

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x20': ' ', '#32': ' ', '#8217': '’', '#8212': '—' }

/** One rewrite of the text: a pattern and its replacement (a template of literal text and `$n` groups, or a function) */
type Step = readonly [RegExp, string | ((match: string, ...groups: string[]) => string)]

/** Markdown and HTML markup stripped, keeping the words people read (link text, image alt text, code, cell text) */
const MARKUP_STEPS: readonly Step[] = [
  [/^---\r?\n[\s\S]*?\r?\n---[ \t]*(\r?\n|$)/, ''],
  [/<!--[\s\S]*?-->/g, ' '],
  [/\{%[\s\S]*?%\}/g, ' '],
  [/^[ \t]*(`{3,}|~{3,}).*$/gm, ''],
  [/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' '],
  [/<\/?[A-Za-z][\w:-]*(\s[^<>]*)?\/?>/g, ' '],
  [/!\[([^\]]*)\]\([^)]*\)/g, '$1'],
  [/\[([^\]]*)\]\((?:[^()\s]|\([^()\s]*\))*(\s+"[^"]*")?\)/g, '$1'],
  [/\[([^\]]+)\]\[[^\]]*\]/g, '$1'],
  [/<((?:https?|ipfs|ipns):[^>\s]+)>/g, '$1'],
  [/^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$/gm, ''],
  [/^[ \t]*\|/gm, ''],
  [/\|[ \t]*$/gm, ''],
  [/(?<!\\)\|/g, ' ; '],
  [/^[ \t]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/gm, '$1'],
  [/^[ \t]*>[ \t]?/gm, ''],
  [/^([ \t]*)[-*+][ \t]+(\[[ xX]\][ \t]+)?/gm, '$1'],
  [/\*\*|__/g, ''],
  [/(^|[\s(["'])[*_]([^*_\n]+)[*_](?=[\s).,;:!?'"\]]|$)/gm, '$1$2'],
  [/`+/g, ''],
  [/&(#x?[0-9a-fA-F]+|[a-z]+);/g, (m, name) => ENTITIES[name as string] ?? m],
  [/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1']
]

/** Words hyphenated across a line break joined and lines run together */
const UNWRAP_STEPS: readonly Step[] = [
  [/(\p{L})-[ \t]*\r?\n\s*(?=\p{Ll})/gu, '$1'],
  [/\s+/g, ' ']
]

/** Markup-stripped text that keeps its lines: spaces squeezed, blank-line runs shortened */
const LINE_STEPS: readonly Step[] = [
  [/[ \t]+/g, ' '],
  [/ ?\n ?/g, '\n'],
  [/\n{3,}/g, '\n\n']
]

/** The steps {@link readableText} applies for a style, in order, and whether it trims the result */
function stepsFor (style: TextStyle): { steps: Step[], trim: boolean } {
  const markup = style.markup ? MARKUP_STEPS : []
  if (style.wrapped) return { steps: [...markup, ...UNWRAP_STEPS], trim: true }
  if (!style.markup) return { steps: [], trim: false }
  return { steps: [...markup, ...LINE_STEPS], trim: true }
}

/**
 * Readable text for indexing and display: with `markup`, markdown and HTML
 * markup is stripped (front matter, tags and comments, link and image
 * targets, GitBook `{% … %}` tags, code fences, table pipes and rules,
 * heading and list markers, emphasis, entities and escapes); with `wrapped`,
 * hyphenated line breaks are joined and all whitespace runs become one space.
 * Otherwise lines are kept and blank-line runs shortened. Trimmed.
 *
 * This is also the one normalisation that turns a quote into an answer
 * sentence (the extractive answerer) and that `quarry verify` applies to a
 * quote before it compares the sentence with it; {@link readableTextMap}
 * gives the same text with the source offset of every character.
 */
export function readableText (text: string, style: TextStyle): string {
  const { steps, trim } = stepsFor(style)
  let out = text
  for (const [re, replacement] of steps) out = out.replace(re, replacement as string)
  return trim ? out.trim() : out
}

/** {@link readableText}'s output and where each of its characters comes from */
export interface MappedText {
  /** Exactly `readableText(source, style)` */
  text: string
  /**
   * `offsets[i]` is the index (UTF-16) in the source of the character that
   * `text[i]` comes from (a character that replaces markup maps to where the
   * markup starts); `offsets[text.length]` is the source index just past the end
   */
  offsets: number[]
}

/**
 * {@link readableText} with a map back to the source: the same steps, each
 * applied with its offsets carried along, so a stretch of readable text (an
 * answer sentence) can be located as an exact range of the source bytes.
 */
export function readableTextMap (text: string, style: TextStyle): MappedText {
  const { steps, trim } = stepsFor(style)
  let cur: MappedText = { text, offsets: Array.from({ length: text.length + 1 }, (_, i) => i) }
  for (const step of steps) cur = mappedReplace(cur, step)
  if (!trim) return cur
  const start = cur.text.length - cur.text.trimStart().length
  const end = cur.text.trimEnd().length
  if (end <= start) return { text: '', offsets: [cur.offsets[start] ?? 0] }
  return { text: cur.text.slice(start, end), offsets: [...cur.offsets.slice(start, end), (cur.offsets[end - 1] ?? 0) + 1] }
}

/** `String.prototype.replace` of one step over a mapped text, the offsets carried along */
function mappedReplace (input: MappedText, [pattern, replacement]: Step): MappedText {
  const re = new RegExp(pattern.source, pattern.flags.includes('d') ? pattern.flags : `${pattern.flags}d`)
  const { text, offsets } = input
  let out = ''
  const map: number[] = []
  const copy = (from: number, to: number): void => {
    out += text.slice(from, to)
    for (let i = from; i < to; i++) map.push(offsets[i] ?? 0)
  }
  const insert = (s: string, at: number): void => {
    out += s
    for (let i = 0; i < s.length; i++) map.push(offsets[at] ?? 0)
  }
  let last = 0
  for (let m = re.exec(text); m !== null; m = re.global ? re.exec(text) : null) {
    copy(last, m.index)
    if (typeof replacement === 'function') {
      insert(replacement(m[0], ...m.slice(1).map(g => g ?? '')), m.index)
    } else {
      for (const part of replacement.split(/(\$\d)/)) {
        const group = /^\$(\d)$/.exec(part)
        const at = group != null ? m.indices?.[Number(group[1])] : undefined
        if (group == null) insert(part, m.index)
        else if (at != null) copy(at[0], at[1])
      }
    }
    last = m.index + m[0].length
    if (m[0] === '') {
      if (last >= text.length) break
      re.lastIndex++
    }
  }
  copy(last, text.length)
  map.push(offsets[text.length] ?? text.length)
  return { text: out, offsets: map }
}
