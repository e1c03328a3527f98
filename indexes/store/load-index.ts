import { readFile, verifyBlocksUnder, type LazyNode, type UnixFSReader } from '../../corpora/index.js'
import { decodeChunkBytes } from './chunk-store.js'
import { indexEntries, readIndexParts } from './read-index-parts.js'
import { InvalidIndexError, IndexNotFoundError } from '../errors.js'
import { deferredHnswIndex } from '../search/hnsw-index.js'
import { embeddedCount, INDEX_FILES, parseManifest, type IndexManifest } from './index-manifest.js'
import { chunkBody, chunkContext } from '../chunking/embedding-text.js'
import { createLexicalIndex, isLegacyLexicalIndex, loadLexicalIndex } from '../search/lexical-index.js'
import { createQuarryIndex, type QuarryIndex } from '../search/quarry-index.js'
import type { Embedder } from '../embedder.js'
import type { IndexProgressEvent } from '../progress.js'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/** Options for {@link loadIndex} */
export interface LoadIndexOptions extends AbortOptions {
  /** Re-hash every block of the index before trusting it. @default true */
  verify?: boolean
  /** Never fetch from the network. @default false */
  offline?: boolean
  onProgress?(event: IndexProgressEvent): void
}

async function fileCid (fs: UnixFSReader, root: CID, name: string, options: LoadIndexOptions): Promise<CID> {
  for await (const entry of fs.ls(root, { signal: options.signal, offline: options.offline } as any)) {
    if (entry.name === name) return entry.cid
  }
  throw new InvalidIndexError(`Index ${root.toString()} has no ${name}`)
}

/** Read only the manifest of an index */
export async function readManifest (fs: UnixFSReader, cid: CID, options: LoadIndexOptions = {}): Promise<IndexManifest> {
  const text = new TextDecoder().decode(await readFile(fs, await fileCid(fs, cid, INDEX_FILES.manifest, options), options))
  return parseManifest(text)
}

/**
 * Load an index by CID: verify every block, parse the manifest, and restore
 * the chunk store, HNSW graph (with the manifest's `ef`) and BM25 index.
 *
 * @throws {IndexNotFoundError} when the CID is not available
 * @throws {InvalidIndexError} when the directory is not a valid index
 * @throws {EmbedderMismatchError} when `embedder` is not the index's embedder
 */
export async function loadIndex (node: Pick<LazyNode, 'blocks'>, cid: CID, embedder: Embedder, options: LoadIndexOptions = {}): Promise<QuarryIndex> {
  const { blocks } = node
  if (options.offline === true && !(await blocks.has(cid))) {
    throw new IndexNotFoundError(`Index ${cid.toString()} is not in the local store`)
  }
  const readOptions = { signal: options.signal, offline: options.offline }
  const manifest = await readManifest(blocks.fs, cid, readOptions)
  // every read below is hashed against its CID (verified blocks); a file written in parts is read as its parts
  const entries = await indexEntries(blocks.fs, cid, readOptions)
  const read = async (key: 'chunks' | 'vectors' | 'lexical'): Promise<readonly Uint8Array[]> => readIndexParts(blocks.fs, cid, manifest, key, { ...readOptions, entries })
  const chunks = decodeChunkBytes(await read('chunks'))
  if (chunks.length !== manifest.counts.chunks) {
    throw new InvalidIndexError(`Index ${cid.toString()} lists ${manifest.counts.chunks} chunks in its manifest but its chunk store has ${chunks.length}`)
  }
  // checked now, handed to hnswlib on the first search that needs a vector
  const vectors = deferredHnswIndex(await read('vectors'), {
    dimensions: manifest.embedder.dimensions,
    params: { ef: manifest.hnsw.ef, m: manifest.hnsw.m, efConstruction: manifest.hnsw.efConstruction },
    // checked against the manifest before the native loader sees it
    expect: { count: embeddedCount(manifest), ids: manifest.counts.chunks, m: manifest.hnsw.m, efConstruction: manifest.hnsw.efConstruction }
  })
  const lexicalFile = await read('lexical')
  let lexical
  if (isLegacyLexicalIndex(lexicalFile)) {
    // an index built before the current lexical format: same BM25 parameters, postings rebuilt from the chunks
    const { k1, b, contextWeight, bigramWeight = 0, feedback } = manifest.lexical
    lexical = createLexicalIndex({ k1, b, bigramWeight, ...(contextWeight === undefined ? {} : { contextWeight }), ...(feedback === undefined ? {} : { feedback }) })
    lexical.add(chunks.map((chunk, id) => ({ id, text: chunkBody(chunk), context: chunkContext(chunk) })))
  } else {
    lexical = loadLexicalIndex(lexicalFile)
  }
  if (options.verify !== false) {
    // and every other block of the index DAG too: the files just read are not read again
    const count = await verifyBlocksUnder(blocks, cid, readOptions)
    options.onProgress?.({ type: 'indexes:verify:blocks', blocks: count })
  }
  return createQuarryIndex({ cid, manifest, chunks, vectors, lexical }, embedder)
}
