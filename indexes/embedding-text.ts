import type { Chunk } from './chunk.js'

/** Separator between the title and headings in {@link embeddingText} */
export const HEADING_SEPARATOR = ' › '

/**
 * The text embedders and the lexical index see for a chunk: a context line
 * `title › heading › heading` (the first heading is left out when it repeats
 * the title), a newline, then the chunk text. Without title and headings it is
 * the chunk text alone.
 */
export function embeddingText (chunk: Pick<Chunk, 'title' | 'headings' | 'text'>): string {
  const title = chunk.title.trim()
  const headings = (chunk.headings ?? []).map((heading) => heading.trim()).filter((heading) => heading !== '')
  if (headings[0] != null && headings[0].toLowerCase() === title.toLowerCase()) {
    headings.shift()
  }
  const context = [title, ...headings].filter((part) => part !== '').join(HEADING_SEPARATOR)
  return context === '' ? chunk.text : `${context}\n${chunk.text}`
}
