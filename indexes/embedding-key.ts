import { createHash } from 'node:crypto'
import type { Chunk } from './chunk.js'

/**
 * The embedding-cache key of a chunk: its CID when the embedded text is the
 * chunk text; its CID plus a short hash of the title/heading line when the
 * embedded text is that line followed by the chunk text (the same bytes under
 * another heading embed differently); otherwise (the embedded text is a
 * readable form of the chunk, markup stripped) its CID plus a hash of the
 * whole embedded text, so a change in how chunks are cleaned never reuses a
 * stale vector. Keys are scoped per embedder by the cache.
 */
export function embeddingKey (chunk: Chunk, embeddedText: string): string {
  const cid = chunk.chunkCid.toString()
  if (embeddedText === chunk.text) return cid
  if (embeddedText.endsWith(chunk.text)) {
    const prefix = embeddedText.slice(0, embeddedText.length - chunk.text.length)
    return `${cid}~${hash(prefix)}`
  }
  return `${cid}~t${hash(embeddedText)}`
}

function hash (text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12)
}
