import { createHash } from 'node:crypto'
import { decodeChunks, encodeChunks } from './chunk-store.js'
import { DimensionMismatchError, IndexNotFoundError, InvalidIndexError } from '../errors.js'
import type { Chunk } from '../chunk.js'
import type { IndexManifest } from './index-manifest.js'
import type { VectorHit, VectorSearch } from '../search/vector-search.js'
import { LEXICAL_CATALOGUE_SQL, postgresLexicalSearch, readLexicalInfo, writeLexicalTables, type StoredLexicalInfo, type WriteLexicalTablesOptions } from './postgres-lexical.js'
import type { LexicalIndex, LexicalSearch } from '../search/lexical-index.js'
import type { AbortOptions } from '@libp2p/interface'

/**
 * The part of a Postgres client Quarry uses: `pg`'s `Client`/`Pool` and
 * PGlite both have it.
 */
export interface SqlClient {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>
}

/** Options for {@link PostgresStore.write} */
export interface WriteStoredIndexOptions extends AbortOptions {
  /** Rows per INSERT. @default 200 */
  batchSize?: number
  onProgress?(event: { type: 'indexes:store:write', done: number, total: number }): void
}

/** What a store holds for one index */
export interface StoredIndexInfo {
  indexCid: string
  table: string
  dimensions: number
  chunks: number
  embedder: string
}

/**
 * Chunks, vectors and BM25 postings of indexes kept in Postgres with
 * pgvector: one table per index CID (see {@link storedIndexTable}, with an
 * HNSW index in cosine space built with the manifest's `m` and
 * `ef_construction`), two lexical tables beside it (`<table>_terms`,
 * `<table>_postings`, see `writeLexicalTables`) and catalogue tables
 * `quarry_indexes` and `quarry_lexical`. The index CID stays the source of
 * truth: a stored copy is derived from it and can be rewritten at any time.
 */
export interface PostgresStore {
  /** Create the pgvector extension and the catalogue table if needed */
  init(): Promise<void>
  /** Copy an index's chunks and vectors in (replacing an earlier copy of the same index) and build its HNSW index */
  write(indexCid: string, manifest: IndexManifest, chunks: Chunk[], vectorOf: (id: number) => number[], options?: WriteStoredIndexOptions): Promise<StoredIndexInfo>
  /** The stored copy of an index, if any */
  info(indexCid: string): Promise<StoredIndexInfo | undefined>
  /** Every chunk of a stored index, in id order */
  chunks(indexCid: string, options?: AbortOptions): Promise<Chunk[]>
  /** Nearest-neighbour search inside Postgres (pgvector HNSW, `hnsw.ef_search` = `ef`) */
  vectors(info: StoredIndexInfo, ef: number): VectorSearch
  /** Copy an index's BM25 postings and statistics in (replacing an earlier copy; see `writeLexicalTables`) */
  writeLexical(indexCid: string, lexical: LexicalIndex, options?: WriteLexicalTablesOptions): Promise<StoredLexicalInfo>
  /** The stored lexical copy of an index, if any */
  lexicalInfo(indexCid: string): Promise<StoredLexicalInfo | undefined>
  /** BM25 search inside Postgres, with the in-process ranker's scores (see `postgresLexicalSearch`) */
  lexical(info: StoredLexicalInfo): LexicalSearch
}

/**
 * Table name of a stored index: `quarry_` and the first 40 hex digits of the
 * SHA-256 of the CID string (a CID is longer than Postgres' 63-character
 * identifiers); the catalogue row maps the CID to it.
 */
export function storedIndexTable (indexCid: string): string {
  if (!/^[a-z2-7]{10,}$/.test(indexCid)) throw new InvalidIndexError(`"${indexCid}" is not a base32 CIDv1 string`)
  return `quarry_${createHash('sha256').update(indexCid).digest('hex').slice(0, 40)}`
}

/** Chunks read from Postgres per query when an index is opened */
const CHUNK_BATCH = 4096

function vectorLiteral (v: number[]): string {
  return `[${v.map(x => Number.isFinite(x) ? x : 0).join(',')}]`
}

/** Create a {@link PostgresStore} on a connected client */
export function createPostgresStore (client: SqlClient): PostgresStore {
  let ready: Promise<void> | undefined
  const store: PostgresStore = {
    async init () {
      ready ??= (async () => {
        await client.query('CREATE EXTENSION IF NOT EXISTS vector')
        await client.query(`CREATE TABLE IF NOT EXISTS quarry_indexes (
          index_cid text PRIMARY KEY, table_name text NOT NULL, dimensions integer NOT NULL,
          chunks integer NOT NULL, embedder text NOT NULL, manifest jsonb NOT NULL, written_at timestamptz NOT NULL DEFAULT now())`)
        await client.query(LEXICAL_CATALOGUE_SQL)
      })()
      ready.catch(() => { ready = undefined })
      return ready
    },

    async write (indexCid, manifest, chunks, vectorOf, options = {}) {
      await store.init()
      const table = storedIndexTable(indexCid)
      const d = manifest.embedder.dimensions
      const lines = encodeChunks(chunks).split('\n')
      await client.query('BEGIN')
      try {
        await client.query('DELETE FROM quarry_indexes WHERE index_cid = $1', [indexCid])
        await client.query(`DROP TABLE IF EXISTS "${table}"`)
        await client.query(`CREATE TABLE "${table}" (id integer PRIMARY KEY, chunk_cid text NOT NULL, chunk jsonb NOT NULL, embedding vector(${d}) NOT NULL)`)
        const batch = options.batchSize ?? 200
        for (let start = 0; start < chunks.length; start += batch) {
          options.signal?.throwIfAborted()
          const params: unknown[] = []
          const rows: string[] = []
          for (let id = start; id < Math.min(start + batch, chunks.length); id++) {
            const v = vectorOf(id)
            if (v.length !== d) throw new DimensionMismatchError(`Chunk ${id} of ${indexCid} has a ${v.length}-d vector, the manifest says ${d}`)
            const n = params.length
            params.push(id, chunks[id]?.chunkCid.toString(), lines[id], vectorLiteral(v))
            rows.push(`($${n + 1}, $${n + 2}, $${n + 3}::jsonb, $${n + 4}::vector)`)
          }
          await client.query(`INSERT INTO "${table}" (id, chunk_cid, chunk, embedding) VALUES ${rows.join(', ')}`, params)
          options.onProgress?.({ type: 'indexes:store:write', done: Math.min(start + batch, chunks.length), total: chunks.length })
        }
        await client.query(`CREATE INDEX ON "${table}" USING hnsw (embedding vector_cosine_ops) WITH (m = ${Math.trunc(manifest.hnsw.m)}, ef_construction = ${Math.trunc(manifest.hnsw.efConstruction)})`)
        await client.query('INSERT INTO quarry_indexes (index_cid, table_name, dimensions, chunks, embedder, manifest) VALUES ($1, $2, $3, $4, $5, $6::jsonb)',
          [indexCid, table, d, chunks.length, manifest.embedder.id, JSON.stringify(manifest)])
        await client.query('COMMIT')
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {})
        throw err
      }
      return { indexCid, table, dimensions: d, chunks: chunks.length, embedder: manifest.embedder.id }
    },

    async info (indexCid) {
      await store.init()
      const { rows } = await client.query<{ table_name: string, dimensions: number, chunks: number, embedder: string }>(
        'SELECT table_name, dimensions, chunks, embedder FROM quarry_indexes WHERE index_cid = $1', [indexCid])
      const row = rows[0]
      return row == null ? undefined : { indexCid, table: row.table_name, dimensions: Number(row.dimensions), chunks: Number(row.chunks), embedder: row.embedder }
    },

    async chunks (indexCid, options = {}) {
      const info = await store.info(indexCid)
      if (info == null) throw new IndexNotFoundError(`Index ${indexCid} is not in this Postgres store: copy it there first (copyIndexToStore)`)
      // as text (the client parses no JSON), a range of ids at a time, then decoded as one chunks.jsonl
      const lines: string[] = []
      for (let start = 0; start < info.chunks; start += CHUNK_BATCH) {
        options.signal?.throwIfAborted()
        const { rows } = await client.query<{ chunk: string }>(`SELECT chunk::text AS chunk FROM "${info.table}" WHERE id >= $1 AND id < $2 ORDER BY id`, [start, start + CHUNK_BATCH])
        for (const r of rows) lines.push(`${r.chunk}\n`)
      }
      const chunks = decodeChunks(lines.join(''))
      if (chunks.length !== info.chunks) throw new InvalidIndexError(`The Postgres copy of ${indexCid} has ${chunks.length} chunks but its catalogue row says ${info.chunks}`)
      return chunks
    },

    async writeLexical (indexCid, lexical, options) {
      await store.init()
      return writeLexicalTables(client, indexCid, storedIndexTable(indexCid), lexical, options)
    },

    async lexicalInfo (indexCid) {
      await store.init()
      return readLexicalInfo(client, indexCid)
    },

    lexical (info) {
      return postgresLexicalSearch(client, info)
    },

    vectors (info, ef) {
      const efSearch = Math.max(1, Math.min(1000, Math.trunc(ef)))
      let efSet: Promise<unknown> | undefined
      return {
        size: info.chunks,
        async search (vector, k, options = {}): Promise<VectorHit[]> {
          if (vector.length !== info.dimensions) throw new DimensionMismatchError(`Expected a vector of ${info.dimensions} dimensions, got ${vector.length}`)
          const n = Math.max(0, Math.floor(k))
          if (n === 0) return []
          efSet ??= client.query(`SET hnsw.ef_search = ${efSearch}`)
          await efSet
          options.signal?.throwIfAborted()
          const { rows } = await client.query<{ id: number, distance: number }>(
            `SELECT id, embedding <=> $1::vector AS distance FROM "${info.table}" ORDER BY embedding <=> $1::vector LIMIT $2`,
            [vectorLiteral(vector), n])
          return rows
            .map(r => ({ id: Number(r.id), score: 1 - Number(r.distance) }))
            .sort((a, b) => b.score - a.score || a.id - b.id)
        },
        async similarity (vector, ids): Promise<Array<number | undefined>> {
          if (vector.length !== info.dimensions) throw new DimensionMismatchError(`Expected a vector of ${info.dimensions} dimensions, got ${vector.length}`)
          if (ids.length === 0) return []
          // exact cosine distance for these rows (no index involved)
          const { rows } = await client.query<{ id: number, distance: number }>(
            `SELECT id, embedding <=> $1::vector AS distance FROM "${info.table}" WHERE id = ANY($2::int[])`,
            [vectorLiteral(vector), [...ids]])
          const byId = new Map(rows.map(r => [Number(r.id), 1 - Number(r.distance)]))
          return ids.map(id => byId.get(id))
        }
      }
    }
  }
  return store
}
