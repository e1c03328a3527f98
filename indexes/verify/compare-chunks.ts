import { encodeChunks } from '../store/chunk-store.js'
import type { Chunk } from '../chunk.js'
import type { ChunkDifferences, ChunkRef } from './index-verification.js'

/** The fields of a chunk compared one by one when two differ */
const FIELDS = ['chunkCid', 'docCid', 'text', 'byteStart', 'byteEnd', 'title', 'headings', 'page'] as const

const refOf = (chunk: Chunk, id: number): ChunkRef => ({ id, path: chunk.path, chunkCid: chunk.chunkCid.toString(), byteStart: chunk.byteStart, byteEnd: chunk.byteEnd })

/** A chunk as its line in chunks.jsonl: two chunks are the same when their lines are */
const lineOf = (chunk: Chunk): string => encodeChunks([chunk])

function fieldsThatDiffer (a: Chunk, b: Chunk): string[] {
  return FIELDS.filter(f => JSON.stringify(a[f]?.toString()) !== JSON.stringify(b[f]?.toString()))
}

/** Chunks grouped by document path, each with its id, in order */
function byPath (chunks: Chunk[]): Map<string, Array<{ chunk: Chunk, id: number, line: string }>> {
  const groups = new Map<string, Array<{ chunk: Chunk, id: number, line: string }>>()
  chunks.forEach((chunk, id) => {
    const group = groups.get(chunk.path) ?? []
    group.push({ chunk, id, line: lineOf(chunk) })
    groups.set(chunk.path, group)
  })
  return groups
}

/**
 * Compare the chunks pinned in an index with those re-derived from its
 * corpus, document by document: a pinned chunk with no equal in its document
 * is paired, in order, with an expected one that has none (`altered`, naming
 * the fields that differ); what is left is `extra` (pinned only) or `missing`
 * (expected only). When both hold the same chunks in another order, `reordered`.
 */
export function compareChunks (pinned: Chunk[], expected: Chunk[]): ChunkDifferences {
  const out: ChunkDifferences = { extra: [], missing: [], altered: [], reordered: false }
  const have = byPath(pinned)
  const want = byPath(expected)
  for (const path of new Set([...have.keys(), ...want.keys()])) {
    const a = have.get(path) ?? []
    const b = want.get(path) ?? []
    // the lines each side holds that the other does not (as multisets)
    const counts = new Map<string, number>()
    for (const x of b) counts.set(x.line, (counts.get(x.line) ?? 0) + 1)
    const onlyPinned = a.filter(x => {
      const n = counts.get(x.line) ?? 0
      if (n === 0) return true
      counts.set(x.line, n - 1)
      return false
    })
    const back = new Map<string, number>()
    for (const x of a) back.set(x.line, (back.get(x.line) ?? 0) + 1)
    const onlyExpected = b.filter(x => {
      const n = back.get(x.line) ?? 0
      if (n === 0) return true
      back.set(x.line, n - 1)
      return false
    })
    const paired = Math.min(onlyPinned.length, onlyExpected.length)
    for (let i = 0; i < paired; i++) {
      const p = onlyPinned[i] as { chunk: Chunk, id: number }
      const e = onlyExpected[i] as { chunk: Chunk, id: number }
      out.altered.push({ pinned: refOf(p.chunk, p.id), expected: refOf(e.chunk, e.id), fields: fieldsThatDiffer(p.chunk, e.chunk) })
    }
    for (const p of onlyPinned.slice(paired)) out.extra.push(refOf(p.chunk, p.id))
    for (const e of onlyExpected.slice(paired)) out.missing.push(refOf(e.chunk, e.id))
  }
  if (out.extra.length === 0 && out.missing.length === 0 && out.altered.length === 0) {
    out.reordered = pinned.some((c, i) => lineOf(c) !== lineOf(expected[i] as Chunk))
  }
  return out
}
