/**
 * The chunks beside a chunk in its document: a passage cut by the chunker
 * goes on in the next chunk, and the sentence that answers may sit just past
 * the cut (auto-merging, or "sentence window", retrieval reads it too).
 *
 * @packageDocumentation
 */

import { chunksByDocument } from './chunks-by-document.js'
import type { Chunk } from '../indexes/index.js'

/** The chunk that follows `chunk` in its document (by byte offset), if any */
export function nextChunk (chunk: Chunk, chunks: readonly Chunk[]): Chunk | undefined {
  const list = chunksByDocument(chunks).get(chunk.path) ?? []
  const at = list.findIndex(c => c.chunkCid.equals(chunk.chunkCid))
  return at < 0 ? undefined : list[at + 1]
}

/** Whether `next` goes on with `chunk`'s section: the same page and heading path (the chunker cut it for size, not at a boundary) */
export function sameSection (chunk: Chunk, next: Chunk): boolean {
  return chunk.page === next.page && (chunk.headings ?? []).join('\u0000') === (next.headings ?? []).join('\u0000')
}
