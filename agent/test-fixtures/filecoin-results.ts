/**
 * Test support (not part of the public API): real Filecoin docs pages from
 * `../shared`, cut into heading sections with exact UTF-8 byte offsets and
 * chunk CIDs, searched with BM25 (MiniSearch) so answerer tests get realistic
 * {@link SearchResult}s without Helia or the index layer.
 *
 * @packageDocumentation
 */

import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import MiniSearch from 'minisearch'
import { stemmer } from 'stemmer'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import type { Chunk, SearchResult } from '../../indexes/index.js'

/** The shared data folder (`QUARRY_SHARED` or `../shared` beside the project root) */
export const SHARED_DIR = process.env.QUARRY_SHARED ?? path.resolve(fileURLToPath(new URL('../../', import.meta.url)), '../shared')

/** The Filecoin docs corpus inside {@link SHARED_DIR} */
export const FILECOIN_DOCS_DIR = path.join(SHARED_DIR, 'corpora', 'filecoin-docs')

/** Whether the shared Filecoin docs are present (tests skip when not) */
export const HAS_FILECOIN_DOCS = existsSync(FILECOIN_DOCS_DIR)

/** Pages used by the answerer tests */
export const FIXTURE_PAGES = [
  'storage-providers/filecoin-deals/storage-deals.md',
  'basics/what-is-filecoin/storage-model.md',
  'basics/what-is-filecoin/storage-market.md',
  'basics/what-is-filecoin/retrieval-market.md',
  'basics/how-storage-works/filecoin-plus.md',
  'basics/what-is-filecoin/crypto-economics.md',
  'reference/general/glossary.md',
  'smart-contracts/fundamentals/faqs.md'
]

const MAX_CHUNK_CHARS = 1200
const encoder = new TextEncoder()

/** CIDv1 (raw, sha2-256) of a string's UTF-8 bytes */
export async function rawCid (text: string | Uint8Array): Promise<CID> {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text
  return CID.createV1(raw.code, await sha256.digest(bytes))
}

/** UTF-8 byte length of a string */
export function byteLength (text: string): number {
  return encoder.encode(text).length
}

/** Cut one markdown text into heading sections of at most ~1,200 characters */
export async function chunkMarkdown (text: string, docPath: string, docCid: CID): Promise<Chunk[]> {
  const title = /^#\s+(.+)$/m.exec(text)?.[1]?.trim() ?? docPath
  const cuts: Array<{ at: number, headings: string[] }> = [{ at: 0, headings: [] }]
  const stack: string[] = []
  let inFence = false
  for (const m of text.matchAll(/^.*$/gm)) {
    const line = m[0]
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence
    const h = inFence ? null : /^(#{1,3})\s+(.+?)\s*#*$/.exec(line)
    if (h === null) continue
    stack.length = (h[1] ?? '#').length - 1
    stack.push(h[2] ?? '')
    cuts.push({ at: m.index, headings: stack.filter(Boolean) })
  }
  const chunks: Chunk[] = []
  for (let i = 0; i < cuts.length; i++) {
    const cut = cuts[i]
    if (cut === undefined) continue
    const end = cuts[i + 1]?.at ?? text.length
    for (const [s, e] of pieces(text, cut.at, end)) {
      const chunkText = text.slice(s, e)
      const byteStart = byteLength(text.slice(0, s))
      chunks.push({ chunkCid: await rawCid(chunkText), docCid, path: docPath, title, headings: cut.headings, byteStart, byteEnd: byteStart + byteLength(chunkText), text: chunkText })
    }
  }
  return chunks
}

/** Split `[start, end)` at blank lines into trimmed pieces of at most MAX_CHUNK_CHARS (longer paragraphs stay whole) */
function pieces (text: string, start: number, end: number): Array<[number, number]> {
  const out: Array<[number, number]> = []
  let s = start
  let last = start
  const blank = /\n[ \t]*\n/g
  blank.lastIndex = start
  for (let m = blank.exec(text); m !== null && m.index < end; m = blank.exec(text)) {
    if (m.index - s > MAX_CHUNK_CHARS && last > s) {
      out.push([s, last])
      s = last
    }
    last = m.index + m[0].length
  }
  out.push([s, end])
  return out.map(([a, b]) => {
    while (a < b && /\s/.test(text[a] ?? '')) a++
    while (b > a && /\s/.test(text[b - 1] ?? '')) b--
    return [a, b] as [number, number]
  }).filter(([a, b]) => b - a > 0)
}

/** Load and chunk pages of the Filecoin docs (paths relative to the corpus root) */
export async function loadFilecoinChunks (pages: readonly string[] = FIXTURE_PAGES): Promise<Chunk[]> {
  const all: Chunk[] = []
  for (const page of pages) {
    const bytes = await readFile(path.join(FILECOIN_DOCS_DIR, page))
    all.push(...await chunkMarkdown(new TextDecoder().decode(bytes), page, await rawCid(bytes)))
  }
  return all
}

const SEARCH_STOPWORDS = new Set('a an and are as at be by can do does for from how i in is it of on or the this to was what when where which who why with'.split(' '))

/** Lower-case, drop a few stopwords, Porter-stem (applied to documents and queries alike) */
function processTerm (term: string): string | null {
  const t = term.toLowerCase()
  return SEARCH_STOPWORDS.has(t) ? null : stemmer(t)
}

/** A BM25 searcher over chunks, returning {@link SearchResult}s with `lexicalScore` */
export function createChunkSearch (chunks: readonly Chunk[]): (question: string, k?: number) => SearchResult[] {
  const ms = new MiniSearch<{ id: number, text: string, headings: string }>({ fields: ['text', 'headings'], processTerm })
  ms.addAll(chunks.map((c, id) => ({ id, text: c.text, headings: [c.title, ...(c.headings ?? [])].join(' ') })))
  return (question, k = 5) => ms.search(question).slice(0, k).flatMap((hit, i) => {
    const chunk = chunks[hit.id as number]
    return chunk === undefined ? [] : [{ chunk, score: hit.score, rank: i + 1, lexicalScore: hit.score }]
  })
}

/** Make a one-chunk {@link SearchResult} from arbitrary text (e.g. a hostile passage) */
export async function makeResult (text: string, init: { path?: string, rank?: number, byteStart?: number, headings?: string[] } = {}): Promise<SearchResult> {
  const byteStart = init.byteStart ?? 0
  const chunk: Chunk = {
    chunkCid: await rawCid(text),
    docCid: await rawCid(`doc:${init.path ?? 'notes.md'}`),
    path: init.path ?? 'notes.md',
    title: init.path ?? 'notes.md',
    headings: init.headings ?? [],
    byteStart,
    byteEnd: byteStart + byteLength(text),
    text
  }
  return { chunk, score: 1, rank: init.rank ?? 1 }
}
