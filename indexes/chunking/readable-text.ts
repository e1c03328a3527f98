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

/** Strip markdown and HTML markup, keeping the words people read (link text, image alt text, code, cell text) */
function stripMarkup (text: string): string {
  return text
    .replace(/^---\r?\n[\s\S]*?\r?\n---[ \t]*(\r?\n|$)/, '')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/\{%[\s\S]*?%\}/g, ' ')
    .replace(/^[ \t]*(`{3,}|~{3,}).*$/gm, '')
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<\/?[A-Za-z][\w:-]*(\s[^<>]*)?\/?>/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\((?:[^()\s]|\([^()\s]*\))*(\s+"[^"]*")?\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<((?:https?|ipfs|ipns):[^>\s]+)>/g, '$1')
    .replace(/^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$/gm, '')
    .replace(/^[ \t]*\|/gm, '').replace(/\|[ \t]*$/gm, '').replace(/(?<!\\)\|/g, ' ; ')
    .replace(/^[ \t]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/gm, '$1')
    .replace(/^[ \t]*>[ \t]?/gm, '')
    .replace(/^([ \t]*)[-*+][ \t]+(\[[ xX]\][ \t]+)?/gm, '$1')
    .replace(/\*\*|__/g, '')
    .replace(/(^|[\s(["'])[*_]([^*_\n]+)[*_](?=[\s).,;:!?'"\]]|$)/gm, '$1$2')
    .replace(/`+/g, '')
    .replace(/&(#x?[0-9a-fA-F]+|[a-z]+);/g, (m, name: string) => ENTITIES[name] ?? m)
    .replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1')
}

/** Join words hyphenated across a line break and run lines together */
function unwrap (text: string): string {
  return text
    .replace(/(\p{L})-[ \t]*\r?\n\s*(?=\p{Ll})/gu, '$1')
    .replace(/\s+/g, ' ')
}

/**
 * Readable text for indexing and display: with `markup`, markdown and HTML
 * markup is stripped (front matter, tags and comments, link and image
 * targets, GitBook `{% … %}` tags, code fences, table pipes and rules,
 * heading and list markers, emphasis, entities and escapes); with `wrapped`,
 * hyphenated line breaks are joined and all whitespace runs become one space.
 * Otherwise lines are kept and blank-line runs shortened. Trimmed.
 */
export function readableText (text: string, style: TextStyle): string {
  let out = style.markup ? stripMarkup(text) : text
  if (style.wrapped) return unwrap(out).trim()
  if (!style.markup) return text
  out = out.replace(/[ \t]+/g, ' ').replace(/ ?\n ?/g, '\n').replace(/\n{3,}/g, '\n\n')
  return out.trim()
}
