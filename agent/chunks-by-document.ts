/**
 * An index's chunks grouped by document, each document's in byte order: by
 * path, which names one document of the corpus (a file, or one record of a
 * JSON file, `corpus.jsonl#<id>`, whose chunks share the file's CID and count
 * their bytes from the record's start). Computed once per chunk array.
 *
 * @packageDocumentation
 */

import type { Chunk } from '../indexes/index.js'

const grouped = new WeakMap<readonly Chunk[], ReadonlyMap<string, readonly Chunk[]>>()

/** The chunks of each document (keyed by path), in byte order */
export function chunksByDocument (chunks: readonly Chunk[]): ReadonlyMap<string, readonly Chunk[]> {
  const known = grouped.get(chunks)
  if (known !== undefined) return known
  const out = new Map<string, Chunk[]>()
  for (const chunk of chunks) {
    const list = out.get(chunk.path)
    if (list === undefined) out.set(chunk.path, [chunk])
    else list.push(chunk)
  }
  for (const list of out.values()) list.sort((a, b) => a.byteStart - b.byteStart || a.byteEnd - b.byteEnd)
  grouped.set(chunks, out)
  return out
}
