import { createHash } from 'node:crypto'
import type { Chunk } from './chunk.js'

/**
 * The embedding-cache key of a chunk: its CID, plus a short hash of the
 * title/heading line when the embedded text carries one (the same bytes under
 * another heading embed differently). Keys are scoped per embedder by the cache.
 */
export function embeddingKey (chunk: Chunk, embeddedText: string): string {
  const cid = chunk.chunkCid.toString()
  if (embeddedText === chunk.text) return cid
  const prefix = embeddedText.slice(0, Math.max(0, embeddedText.length - chunk.text.length))
  return `${cid}~${createHash('sha256').update(prefix).digest('hex').slice(0, 12)}`
}
