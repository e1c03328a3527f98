import { InvalidIndexError } from '../errors.js'
import { MIN_PAIR_CHUNKS, weightedQueryTerms, type Bm25Params } from '../search/bm25-postings.js'
import { bm25Idf, bm25Norms } from '../search/bm25-scorer.js'
import type { LexicalHit, LexicalIndex, LexicalSearch } from '../search/lexical-index.js'
import type { SqlClient } from './postgres-store.js'
import type { AbortOptions } from '@libp2p/interface'

/** Options for {@link writeLexicalTables} */
export interface WriteLexicalTablesOptions extends AbortOptions {
  /** Postings rows per INSERT (one `unnest` of arrays each). @default 20000 */
  batchSize?: number
  /**
   * Hash partitions of the postings table (plain Postgres declarative
   * partitioning; 1: one table). @default 1
   */
  partitions?: number
  /**
   * What the partitions split: `chunk` (each partition holds every term of
   * its chunks: partitions score in parallel and each keeps its own top k;
   * the layout to distribute with Citus, see docs/scale.md) or `term` (a
   * query reads only its terms' partitions). @default 'chunk'
   */
  partitionBy?: 'chunk' | 'term'
  onProgress?(event: { type: 'indexes:store:lexical', done: number, total: number }): void
}

/** What a store holds of one index's lexical side */
export interface StoredLexicalInfo {
  indexCid: string
  /** Table name prefix: `<prefix>_terms` and `<prefix>_postings` */
  table: string
  chunks: number
  /** Terms (words and pairs) and postings rows */
  terms: number
  postings: number
  params: Bm25Params
}

/** The catalogue of lexical copies (one row per index CID) */
export const LEXICAL_CATALOGUE_SQL = `CREATE TABLE IF NOT EXISTS quarry_lexical (
  index_cid text PRIMARY KEY, table_name text NOT NULL, chunks integer NOT NULL, terms integer NOT NULL,
  postings bigint NOT NULL, params jsonb NOT NULL, written_at timestamptz NOT NULL DEFAULT now())`

/** The two tables of an index's lexical copy */
export function lexicalTables (table: string): { terms: string, postings: string } {
  return { terms: `${table}_terms`, postings: `${table}_postings` }
}

/** The terms of a lexical index as rows: words, then pairs held by enough chunks to count */
function termRows (lexical: LexicalIndex): { text: string[], id: number[], df: number[] } {
  const { words, pairs, wordPostings, pairPostings } = lexical.postings()
  const rows = { text: [] as string[], id: [] as number[], df: [] as number[] }
  const held = (start: Uint32Array, t: number): number => (start[t + 1] as number) - (start[t] as number)
  words.forEach((w, t) => { rows.text.push(w); rows.id.push(t); rows.df.push(held(wordPostings.start, t)) })
  for (let p = 0; p < pairs.size; p++) {
    const df = held(pairPostings.start, p)
    if (df < MIN_PAIR_CHUNKS) continue
    rows.text.push(`${words[pairs.first(p)] as string} ${words[pairs.second(p)] as string}`)
    rows.id.push(words.length + p)
    rows.df.push(df)
  }
  return rows
}

/** Postings rows `(term_id, chunk_id, f, norm)` in term order, only those with a weighted frequency above 0 */
function * postingRows (lexical: LexicalIndex, keep: ReadonlySet<number>, batch: number): Generator<[number[], number[], number[], number[]]> {
  const { ids, lengths, contextLengths, words, wordPostings, pairPostings } = lexical.postings()
  const params = lexical.params
  const norm = bm25Norms(params, lengths, contextLengths)
  const cw = params.contextWeight
  let rows: [number[], number[], number[], number[]] = [[], [], [], []]
  for (const [lists, offset] of [[wordPostings, 0], [pairPostings, words.length]] as const) {
    const { start, doc, tf, ctf } = lists
    for (let t = 0; t + 1 < start.length; t++) {
      if (!keep.has(offset + t)) continue
      for (let i = start[t] as number; i < (start[t + 1] as number); i++) {
        const f = (tf[i] as number) + cw * (ctf[i] as number)
        if (f === 0) continue
        const d = doc[i] as number
        rows[0].push(offset + t); rows[1].push(ids[d] as number); rows[2].push(f); rows[3].push(norm[d] as number)
        if (rows[0].length >= batch) { yield rows; rows = [[], [], [], []] }
      }
    }
  }
  if (rows[0].length > 0) yield rows
}

/**
 * Copy a lexical index into Postgres as two tables, replacing an earlier copy
 * of the same index: `<table>_terms (term, term_id, df)` (words and pairs of
 * adjacent words, `df` = chunks holding the term) and
 * `<table>_postings (term_id, chunk_id, f, norm)` with primary key
 * `(term_id, chunk_id)` (optionally hash-partitioned by chunk or term), written in term order, where `f` is the weighted term
 * frequency (text + contextWeight · context) and `norm` the chunk's
 * `k1·(1 − b + b·dl/avgdl)`: the very numbers the in-process scorer uses.
 *
 * @throws {InvalidIndexError} for an index with RM3 feedback (not computed in SQL)
 */
export async function writeLexicalTables (client: SqlClient, indexCid: string, table: string, lexical: LexicalIndex, options: WriteLexicalTablesOptions = {}): Promise<StoredLexicalInfo> {
  const { feedback, ...params } = lexical.params
  if (feedback !== undefined) throw new InvalidIndexError(`Index ${indexCid} ranks with RM3 feedback, which the Postgres copy does not compute: search it embedded`)
  const t = lexicalTables(table)
  const parts = Math.max(1, Math.trunc(options.partitions ?? 1))
  const key = options.partitionBy === 'term' ? 'term_id' : 'chunk_id'
  const terms = termRows(lexical)
  const keep = new Set(terms.id)
  const total = terms.df.reduce((sum, df) => sum + df, 0)
  await client.query(LEXICAL_CATALOGUE_SQL)
  await client.query('BEGIN')
  try {
    await client.query('DELETE FROM quarry_lexical WHERE index_cid = $1', [indexCid])
    await client.query(`DROP TABLE IF EXISTS "${t.terms}", "${t.postings}"`)
    await client.query(`CREATE TABLE "${t.terms}" (term text NOT NULL, term_id integer NOT NULL, df integer NOT NULL)`)
    await client.query(`CREATE TABLE "${t.postings}" (term_id integer NOT NULL, chunk_id integer NOT NULL, f float8 NOT NULL, norm float8 NOT NULL)${parts > 1 ? ` PARTITION BY HASH (${key})` : ''}`)
    for (let r = 0; parts > 1 && r < parts; r++) {
      await client.query(`CREATE TABLE "${t.postings}_p${r}" PARTITION OF "${t.postings}" FOR VALUES WITH (MODULUS ${parts}, REMAINDER ${r})`)
    }
    const batch = Math.max(1, options.batchSize ?? 20_000)
    for (let i = 0; i < terms.id.length; i += batch) {
      await client.query(`INSERT INTO "${t.terms}" SELECT * FROM unnest($1::text[], $2::int[], $3::int[])`,
        [terms.text.slice(i, i + batch), terms.id.slice(i, i + batch), terms.df.slice(i, i + batch)])
    }
    let done = 0
    for (const [term, chunk, f, norm] of postingRows(lexical, keep, batch)) {
      options.signal?.throwIfAborted()
      await client.query(`INSERT INTO "${t.postings}" SELECT * FROM unnest($1::int[], $2::int[], $3::float8[], $4::float8[])`, [term, chunk, f, norm])
      done += term.length
      options.onProgress?.({ type: 'indexes:store:lexical', done, total })
    }
    await client.query(`ALTER TABLE "${t.terms}" ADD PRIMARY KEY (term)`)
    await client.query(`ALTER TABLE "${t.postings}" ADD PRIMARY KEY (term_id, chunk_id)`)
    await client.query('INSERT INTO quarry_lexical (index_cid, table_name, chunks, terms, postings, params) VALUES ($1, $2, $3, $4, $5, $6::jsonb)',
      [indexCid, table, lexical.size, terms.id.length, done, JSON.stringify(params)])
    await client.query('COMMIT')
    await client.query(`ANALYZE "${t.terms}"`)
    await client.query(`ANALYZE "${t.postings}"`)
    return { indexCid, table, chunks: lexical.size, terms: terms.id.length, postings: done, params }
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  }
}

/** The lexical copy of an index, if the store has one (the catalogue table must exist: `LEXICAL_CATALOGUE_SQL`) */
export async function readLexicalInfo (client: SqlClient, indexCid: string): Promise<StoredLexicalInfo | undefined> {
  const { rows } = await client.query<{ table_name: string, chunks: number, terms: number, postings: number | string, params: unknown }>(
    'SELECT table_name, chunks, terms, postings, params FROM quarry_lexical WHERE index_cid = $1', [indexCid])
  const row = rows[0]
  if (row == null) return undefined
  const params = (typeof row.params === 'string' ? JSON.parse(row.params) : row.params) as Bm25Params
  return { indexCid, table: row.table_name, chunks: Number(row.chunks), terms: Number(row.terms), postings: Number(row.postings), params }
}

/** A query's terms as the SQL scorer takes them: term ids, BM25 weights `w·idf·(k1+1)` and coverage shares */
export interface SqlQueryTerms {
  ids: number[]
  weights: number[]
  shares: number[]
}

/**
 * Look up a query's terms (one indexed query on `<table>_terms`) and weigh
 * them as the in-process scorer does: each term `weight·idf·(k1 + 1)`, pairs
 * only when held by {@link MIN_PAIR_CHUNKS} chunks; coverage shares are
 * `idf/Σidf` over the distinct words of the query (a word the index lacks
 * counts in the sum with the largest idf).
 */
export async function queryTerms (client: SqlClient, info: StoredLexicalInfo, query: string): Promise<SqlQueryTerms> {
  const weighted = weightedQueryTerms(query, info.params.bigramWeight ?? 0)
  const out: SqlQueryTerms = { ids: [], weights: [], shares: [] }
  if (weighted.size === 0) return out
  const { rows } = await client.query<{ term: string, term_id: number, df: number }>(
    `SELECT term, term_id, df FROM "${lexicalTables(info.table).terms}" WHERE term = ANY($1::text[])`, [[...weighted.keys()]])
  const found = new Map(rows.map(r => [r.term, { id: Number(r.term_id), df: Number(r.df) }]))
  const idf = (term: string): number => bm25Idf(info.chunks, found.get(term)?.df ?? 0)
  const words = [...weighted.keys()].filter(t => !t.includes(' '))
  const sum = words.reduce((s, t) => s + idf(t), 0)
  for (const [term, weight] of weighted) {
    const hit = found.get(term)
    const pair = term.includes(' ')
    if (hit === undefined || weight === 0 || (pair && hit.df < MIN_PAIR_CHUNKS)) continue
    out.ids.push(hit.id)
    out.weights.push(weight * idf(term) * (info.params.k1 + 1))
    out.shares.push(pair || !(sum > 0) ? 0 : idf(term) / sum)
  }
  return out
}

/**
 * The SQL of one lexical search: BM25 summed over the query's postings (an
 * index scan of the postings' primary key per query term), coverage summed
 * the same way; `$1..$3` the {@link SqlQueryTerms}, then `$4` the limit (top)
 * or the chunk ids (hits).
 */
export function lexicalSql (info: StoredLexicalInfo, kind: 'top' | 'hits'): string {
  const { postings } = lexicalTables(info.table)
  return `SELECT p.chunk_id AS id, SUM(q.w * p.f / (p.f + p.norm)) AS score, LEAST(1, SUM(q.share)) AS coverage
    FROM unnest($1::int[], $2::float8[], $3::float8[]) AS q(term_id, w, share)
    JOIN "${postings}" p ON p.term_id = q.term_id${kind === 'hits' ? ' AND p.chunk_id = ANY($4::int[])' : ''}
    GROUP BY p.chunk_id${kind === 'top' ? '\n    ORDER BY score DESC, id LIMIT $4' : ''}`
}

const toHit = (r: { id: number, score: number, coverage: number }): LexicalHit => ({ id: Number(r.id), score: Number(r.score), coverage: Number(r.coverage) })

/**
 * BM25 search inside Postgres over a lexical copy written by
 * {@link writeLexicalTables}: the same terms, weights, idf, length
 * normalisation and coverage as the in-process index; only the order in
 * which one chunk's term scores are added may differ (last-bit differences).
 * Two queries per search: the terms, then the postings.
 */
export function postgresLexicalSearch (client: SqlClient, info: StoredLexicalInfo): LexicalSearch {
  let last: { query: string, terms: Promise<SqlQueryTerms> } | undefined
  const termsOf = async (query: string): Promise<SqlQueryTerms> => {
    if (last?.query !== query) last = { query, terms: queryTerms(client, info, query) }
    const { terms } = last
    terms.catch(() => { if (last?.terms === terms) last = undefined })
    return terms
  }
  return {
    size: info.chunks,
    async search (query, k, options = {}) {
      const n = Math.max(0, Math.floor(k))
      const terms = await termsOf(query)
      options.signal?.throwIfAborted()
      if (n === 0 || terms.ids.length === 0) return []
      const { rows } = await client.query<{ id: number, score: number, coverage: number }>(lexicalSql(info, 'top'), [terms.ids, terms.weights, terms.shares, n])
      return rows.map(toHit).filter(h => h.score > 0)
    },
    async hits (query, ids, options = {}) {
      const terms = await termsOf(query)
      options.signal?.throwIfAborted()
      const byId = new Map<number, LexicalHit>()
      if (ids.length > 0 && terms.ids.length > 0) {
        const { rows } = await client.query<{ id: number, score: number, coverage: number }>(lexicalSql(info, 'hits'), [terms.ids, terms.weights, terms.shares, [...ids]])
        for (const r of rows) byId.set(Number(r.id), toHit(r))
      }
      return ids.map(id => byId.get(id) ?? { id, score: 0, coverage: 0 })
    }
  }
}
