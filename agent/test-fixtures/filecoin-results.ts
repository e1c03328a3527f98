/**
 * Test support (not part of the public API): real Filecoin docs pages from
 * `../shared`, loaded and chunked by Quarry's own markdown loader and chunker
 * and searched with Quarry's lexical (BM25) index, as an index build does,
 * so answerer tests get realistic {@link SearchResult}s without Helia or an
 * index on disk.
 *
 * @packageDocumentation
 */

import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { markdownLoader } from '../../corpora/index.js'
import { chunkBody, chunkCid, chunkContext, chunkDocuments, createLexicalIndex, type Chunk, type SearchResult } from '../../indexes/index.js'
import { STOPWORDS, words } from '../relevance.js'

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

/** CIDv1 (raw, sha2-256) of a string's UTF-8 bytes (a chunk's CID) or of bytes (a small file's CID with raw leaves) */
export async function rawCid (text: string | Uint8Array): Promise<CID> {
  return typeof text === 'string' ? await chunkCid(text) : CID.createV1(raw.code, await sha256.digest(text))
}

/** UTF-8 byte length of a string */
export function byteLength (text: string): number {
  return Buffer.byteLength(text)
}

/** Load one markdown text with Quarry's markdown loader and cut it with Quarry's chunker (default options) */
export async function chunkMarkdown (text: string, docPath: string, docCid: CID): Promise<Chunk[]> {
  const chunks: Chunk[] = []
  const documents = (await markdownLoader.load(Buffer.from(text), docPath)).map(doc => ({ ...doc, cid: docCid }))
  for await (const chunk of chunkDocuments(documents)) chunks.push(chunk)
  return chunks
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

/**
 * Quarry's lexical index (default BM25 parameters) over chunks, indexed as an
 * index build indexes them (readable body and title/headings context),
 * returning {@link SearchResult}s with `lexicalScore` and `lexicalCoverage`.
 *
 * The query is the question without the answerers' question words
 * ({@link STOPWORDS}): Quarry's BM25 keeps them (Lucene's 33 stopwords), and on
 * these 8 pages "what" alone lifts the smart-contracts FAQ's "What is …"
 * chunks above every topical passage ("What are storage deals?" ranks five
 * FAQ chunks first, storage-deals.md nowhere), which would test the answerers
 * on retrieval no user gets from a hybrid search of the whole corpus.
 */
export function createChunkSearch (chunks: readonly Chunk[]): (question: string, k?: number) => SearchResult[] {
  const lexical = createLexicalIndex()
  lexical.add(chunks.map((chunk, id) => ({ id, text: chunkBody(chunk), context: chunkContext(chunk) })))
  return (question, k = 5) => lexical.search(words(question).filter(w => !STOPWORDS.has(w)).join(' '), k).flatMap((hit, i) => {
    const chunk = chunks[hit.id]
    return chunk === undefined ? [] : [{ chunk, score: hit.score, rank: i + 1, lexicalScore: hit.score, lexicalCoverage: hit.coverage }]
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
