import { PGlite } from '@electric-sql/pglite'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { createLexicalIndex, type LexicalIndex } from '../search/lexical-index.js'
import { lexicalSql, postgresLexicalSearch, queryTerms, readLexicalInfo, writeLexicalTables, type StoredLexicalInfo } from './postgres-lexical.js'
import { syntheticChunks } from '../../bench/store-scale/synthetic-chunks.js'

const CHUNKS = 3000

describe('BM25 inside Postgres (PGlite)', () => {
  let db: PGlite
  let lexical: LexicalIndex
  let info: StoredLexicalInfo
  const texts: string[] = []

  beforeAll(async () => {
    db = await PGlite.create()
    lexical = createLexicalIndex()
    const chunks = [...syntheticChunks(CHUNKS, { vocabulary: 8000, words: 80 })]
    for (const c of chunks) texts.push(c.text)
    lexical.add(chunks)
    info = await writeLexicalTables(db, 'bafytest', 'quarry_test', lexical)
  }, 120_000)
  afterAll(async () => db?.close())

  /** Queries: runs of 1–6 words from the chunks, so pairs and common and rare terms all occur */
  const queries = (): string[] => Array.from({ length: 60 }, (_, i) => {
    const words = (texts[(i * 977) % CHUNKS] as string).split(' ')
    const at = (i * 31) % (words.length - 6)
    return words.slice(at, at + 1 + (i % 6)).join(' ')
  }).concat(['nothing-like-this-word', ''])

  it('writes terms, postings and the catalogue row', async () => {
    expect(info.chunks).toBe(CHUNKS)
    expect(info.terms).toBeGreaterThan(1000)
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM quarry_test_postings')
    expect(rows[0]?.n).toBe(info.postings)
    expect(await readLexicalInfo(db, 'bafytest')).toEqual(info)
    expect(await readLexicalInfo(db, 'bafyother')).toBeUndefined()
  })

  it('ranks exactly as the in-process index: same top 20, same scores and coverage (to rounding), same hits by id', async () => {
    const search = postgresLexicalSearch(db, info)
    for (const q of queries()) {
      const want = lexical.search(q, 20)
      const got = await search.search(q, 20)
      expect(got.map(h => h.id), q).toEqual(want.map(h => h.id))
      got.forEach((h, i) => {
        expect(h.score).toBeCloseTo(want[i]?.score as number, 9)
        expect(h.coverage).toBeCloseTo(want[i]?.coverage as number, 9)
      })
      const ids = [0, 5, 17, 2999, 123456]
      const hits = await search.hits(q, ids)
      expect(hits.map(h => h.id)).toEqual(ids)
      hits.forEach((h, i) => {
        const w = lexical.hits(q, ids)[i]
        expect(h.score).toBeCloseTo(w?.score as number, 9)
        expect(h.coverage).toBeCloseTo(w?.coverage as number, 9)
      })
    }
  })

  it('a copy of the same index again replaces the first (idempotent)', async () => {
    const again = await writeLexicalTables(db, 'bafytest', 'quarry_test', lexical)
    expect(again).toEqual(info)
  })

  it('hash partitions by chunk or by term give the same ranking', async () => {
    const a = postgresLexicalSearch(db, info)
    for (const by of ['chunk', 'term'] as const) {
      const parted = await writeLexicalTables(db, `bafyparted${by}`, `quarry_parted_${by}`, lexical, { partitions: 4, partitionBy: by })
      const { rows } = await db.query<{ n: number, key: string }>(`SELECT count(*)::int AS n, pg_get_partkeydef('quarry_parted_${by}_postings'::regclass) AS key FROM pg_inherits WHERE inhparent = 'quarry_parted_${by}_postings'::regclass`)
      expect(rows[0]).toEqual({ n: 4, key: `HASH (${by}_id)` })
      const b = postgresLexicalSearch(db, parted)
      for (const q of queries().slice(0, 10)) expect((await b.search(q, 10)).map(h => h.id)).toEqual((await a.search(q, 10)).map(h => h.id))
    }
  })

  it('query plans read the postings through their primary key, never by a sequential scan', async () => {
    for (const q of queries().slice(0, 20)) {
      const terms = await queryTerms(db, info, q)
      if (terms.ids.length === 0) continue
      for (const [kind, last] of [['top', 10], ['hits', [1, 2, 3]]] as const) {
        const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${lexicalSql(info, kind)}`, [terms.ids, terms.weights, terms.shares, last])
        const plan = rows.map(r => r['QUERY PLAN']).join('\n')
        expect(plan, plan).toMatch(/Index (Only )?Scan using quarry_test_postings_pkey|Bitmap Index Scan on quarry_test_postings_pkey/)
        expect(plan, plan).not.toMatch(/Seq Scan on quarry_test_postings/)
      }
    }
  })

  it('refuses an index ranked with RM3 feedback', async () => {
    const rm3 = createLexicalIndex({ feedback: { docs: 5, terms: 10, originalWeight: 0.5 } })
    rm3.add([{ id: 0, text: 'a b c' }])
    await expect(writeLexicalTables(db, 'bafyrm3', 'quarry_rm3', rm3)).rejects.toMatchObject({ name: 'InvalidIndexError' })
  })
})
