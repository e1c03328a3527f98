import { readableChunkText, readableText, textStyle } from './readable-text.js'
import type { Chunk } from '../chunk.js'

/** Separator between the title and headings in {@link embeddingText} */
export const HEADING_SEPARATOR = ' › '

/**
 * The text embedders and the lexical index see for a chunk: a context line
 * `title › heading › heading` (the first heading is left out when it repeats
 * the title), a newline, then the chunk text. Without title and headings it is
 * the chunk text alone. The chunk text is its readable form
 * ({@link readableText}: markup stripped from markdown, OCR line wraps
 * joined), decided by the chunk's `path` and `page` when given.
 */
export function embeddingText (chunk: Pick<Chunk, 'title' | 'headings' | 'text'> & Partial<Pick<Chunk, 'path' | 'page'>>): string {
  const context = chunkContext(chunk)
  const text = chunkBody(chunk)
  return context === '' ? text : `${context}\n${text}`
}

/**
 * The readable text of a chunk ({@link readableText}, decided by its `path`
 * and `page` when given): what the lexical index indexes as the chunk's body.
 */
export function chunkBody (chunk: Pick<Chunk, 'text'> & Partial<Pick<Chunk, 'path' | 'page'>>): string {
  // cached per chunk object: an index build asks for it for the embedder and again for BM25
  return typeof chunk.path === 'string' ? readableChunkText(chunk as Pick<Chunk, 'path' | 'page' | 'text'>) : readableText(chunk.text, textStyle({ path: '', page: chunk.page }))
}

/**
 * A chunk's context line, `title › heading › heading` (the first heading is
 * left out when it repeats the title); empty without title and headings.
 */
export function chunkContext (chunk: Pick<Chunk, 'title' | 'headings'>): string {
  const title = chunk.title.trim()
  const headings = (chunk.headings ?? []).map((heading) => heading.trim()).filter((heading) => heading !== '')
  if (headings[0] != null && headings[0].toLowerCase() === title.toLowerCase()) {
    headings.shift()
  }
  return [title, ...headings].filter((part) => part !== '').join(HEADING_SEPARATOR)
}
