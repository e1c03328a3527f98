import { verifyDag } from '../../corpora/index.js'
import { decodeChunkBytes } from './chunk-store.js'
import { readIndexParts } from './read-index-parts.js'
import type { IndexFileKey } from './index-parts.js'
import type { IndexManifest } from './index-manifest.js'
import type { ByteParts } from '../search/byte-parts.js'
import { InvalidIndexError, IndexNotFoundError } from '../errors.js'
import { loadHnswIndex } from '../search/hnsw-index.js'
import { readManifest } from './load-index.js'
import { loadLexicalIndex } from '../search/lexical-index.js'
import { createQuarryIndex, type QuarryIndex } from '../search/quarry-index.js'
import type { Embedder } from '../embedder.js'
import type { PostgresStore, StoredIndexInfo, WriteStoredIndexOptions } from './postgres-store.js'
import type { IndexProgressEvent } from '../progress.js'
import type { UnixFS } from '@helia/unixfs'
import type { Helia } from 'helia'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/** One of the index's large files as its parts (a file written in parts is never joined) */
async function readIndexFile (fs: UnixFS, root: CID, manifest: IndexManifest, key: IndexFileKey, options: AbortOptions & { offline?: boolean }): Promise<ByteParts> {
  return readIndexParts(fs, root, manifest, key, { signal: options.signal, offline: options.offline })
}

/** Options for {@link copyIndexToStore} */
export interface CopyIndexToStoreOptions extends WriteStoredIndexOptions {
  offline?: boolean
  /** Hash partitions of the postings table, and what they split (see `writeLexicalTables`). @default 1, by chunk */
  partitions?: number
  partitionBy?: 'chunk' | 'term'
}

/**
 * Copy a pinned index into a Postgres store: its chunks and the vectors of its
 * HNSW file (unit length, as the cosine index keeps them), with an HNSW index
 * built inside Postgres by pgvector, and its BM25 postings and statistics
 * (see `writeLexicalTables`). Every block of the index is re-hashed first.
 * Idempotent: a second copy of the same index CID replaces the first.
 */
export async function copyIndexToStore (node: { helia: Helia, fs: UnixFS }, cid: CID, store: PostgresStore, options: CopyIndexToStoreOptions = {}): Promise<StoredIndexInfo> {
  await verifyDag(node.helia, cid, { signal: options.signal, offline: options.offline ?? true })
  const manifest = await readManifest(node.fs, cid, { signal: options.signal, offline: options.offline })
  const chunks = decodeChunkBytes(await readIndexFile(node.fs, cid, manifest, 'chunks', options))
  if (chunks.length !== manifest.counts.chunks) throw new InvalidIndexError(`Index ${cid.toString()} lists ${manifest.counts.chunks} chunks in its manifest but its chunk store has ${chunks.length}`)
  const vectors = await loadHnswIndex(await readIndexFile(node.fs, cid, manifest, 'vectors', options), {
    dimensions: manifest.embedder.dimensions,
    params: { ef: manifest.hnsw.ef, m: manifest.hnsw.m, efConstruction: manifest.hnsw.efConstruction }
  })
  const info = await store.write(cid.toString(), manifest, chunks, id => vectors.vector(id), options)
  const lexical = loadLexicalIndex(await readIndexFile(node.fs, cid, manifest, 'lexical', options))
  // RM3 feedback is not computed in SQL: such an index keeps ranking with its lexical file
  if (lexical.params.feedback === undefined) {
    const { partitions, partitionBy } = options
    await store.writeLexical(cid.toString(), lexical, { signal: options.signal, ...(partitions !== undefined ? { partitions } : {}), ...(partitionBy !== undefined ? { partitionBy } : {}) })
  }
  return info
}

/** Options for {@link openStoredIndex} */
export interface OpenStoredIndexOptions extends AbortOptions {
  /** Re-hash every block of the index DAG first. @default true */
  verify?: boolean
  offline?: boolean
  onProgress?(event: IndexProgressEvent): void
}

/**
 * Open an index whose chunks, vectors and postings live in Postgres: the
 * manifest comes from the index DAG, chunks from Postgres, dense search runs
 * in Postgres (pgvector HNSW with the manifest's `ef`) and so does BM25 (SQL
 * over the postings tables, the in-process ranker's scores); fusion runs here
 * over what Postgres returns. Neither the HNSW file nor the lexical file is
 * loaded (a copy made before the store held postings falls back to loading
 * the lexical file: copy it again).
 *
 * @throws {IndexNotFoundError} when the store has no copy of the index
 * @throws {InvalidIndexError} when the copy does not match the manifest
 */
export async function openStoredIndex (node: { helia: Helia, fs: UnixFS }, cid: CID, embedder: Embedder, store: PostgresStore, options: OpenStoredIndexOptions = {}): Promise<QuarryIndex> {
  const info = await store.info(cid.toString())
  if (info == null) throw new IndexNotFoundError(`Index ${cid.toString()} is not in this Postgres store: copy it there first (copyIndexToStore)`)
  if (options.verify !== false) {
    const blocks = await verifyDag(node.helia, cid, { signal: options.signal, offline: options.offline ?? true })
    options.onProgress?.({ type: 'indexes:verify:blocks', blocks })
  }
  const manifest = await readManifest(node.fs, cid, options)
  if (info.chunks !== manifest.counts.chunks || info.dimensions !== manifest.embedder.dimensions || info.embedder !== manifest.embedder.id) {
    throw new InvalidIndexError(`The Postgres copy of ${cid.toString()} (${info.chunks} chunks, ${info.embedder}, ${info.dimensions}-d) does not match its manifest (${manifest.counts.chunks} chunks, ${manifest.embedder.id}, ${manifest.embedder.dimensions}-d): copy it again`)
  }
  const chunks = await store.chunks(cid.toString(), options)
  const lexicalInfo = await store.lexicalInfo(cid.toString())
  if (lexicalInfo != null && lexicalInfo.chunks !== manifest.counts.chunks) {
    throw new InvalidIndexError(`The Postgres lexical copy of ${cid.toString()} has ${lexicalInfo.chunks} chunks, its manifest ${manifest.counts.chunks}: copy it again`)
  }
  const lexical = lexicalInfo != null ? store.lexical(lexicalInfo) : loadLexicalIndex(await readIndexFile(node.fs, cid, manifest, 'lexical', options))
  return createQuarryIndex({ cid, manifest, chunks, vectors: store.vectors(info, manifest.hnsw.ef), lexical }, embedder)
}
