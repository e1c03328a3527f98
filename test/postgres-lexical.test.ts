import type { PGlite } from '@electric-sql/pglite'
import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest'
import { copyIndexToStore, createPostgresStore, isLexicalIndex, lexicalSql, openStoredIndex, queryTerms, type QuarryIndex } from '../indexes/index.js'
import { openQuarrySession, type QuarrySession } from '../session/index.js'
import { runCli } from './helpers/cli.js'
import { HAS_SHARED } from './helpers/shared.js'
import { startPgliteServer, type PgliteServer } from './helpers/pglite-server.js'
import { copyPrebuiltHome } from './helpers/test-home.js'

const SLOW = { timeout: 600_000 }
const QUESTIONS = ['How do storage deals work?', 'What is Proof-of-Spacetime?', 'FIL gas fee', 'sector sealing time', 'retrieval market miners']

// BM25 inside Postgres (issue 24): PGlite with pgvector behind a loopback socket, as a real server is reached
describe.skipIf(!HAS_SHARED)('lexical search inside the Postgres store', () => {
  let session: QuarrySession
  let embedded: QuarryIndex
  let db: PGlite
  let server: PgliteServer
  let url: string

  beforeAll(async () => {
    session = await openQuarrySession({ home: inject('quarryTestHome') })
    embedded = await session.openIndex({ ref: 'filecoin-docs' })
    server = await startPgliteServer()
    ;({ db, url } = server)
  }, 600_000)
  afterAll(async () => {
    await server?.stop()
    await session?.close()
  })

  it('a stored index searches BM25 in SQL (no lexical or HNSW file loaded) with the embedded ranking in every mode; its plans use the postings key', SLOW, async () => {
    const cid = embedded.cid ?? expect.fail('the test index has no CID')
    const store = createPostgresStore(db)
    await copyIndexToStore(await session.node.start(), cid, store)
    const stored = await openStoredIndex(await session.node.start(), cid, embedded.embedder, store)
    expect(isLexicalIndex(stored.lexical)).toBe(false)
    expect('add' in stored.vectors).toBe(false) // pgvector, not the HNSW file
    for (const q of QUESTIONS) {
      for (const mode of ['lexical', 'hybrid', 'dense'] as const) {
        const a = await embedded.search(q, { k: 10, mode })
        const b = await stored.search(q, { k: 10, mode })
        expect(b.map(r => r.chunk.chunkCid.toString()), `${mode}: ${q}`).toEqual(a.map(r => r.chunk.chunkCid.toString()))
        if (mode !== 'dense') b.forEach((r, i) => expect(r.lexicalScore).toBeCloseTo(a[i]?.lexicalScore as number, 9))
      }
      // hybrid at a dense weight above 0: dense-only candidates get their BM25 score from SQL
      const a = await embedded.search(q, { k: 10, mode: 'hybrid', denseWeight: 0.3 })
      const b = await stored.search(q, { k: 10, mode: 'hybrid', denseWeight: 0.3 })
      expect(b.map(r => r.chunk.chunkCid.toString())).toEqual(a.map(r => r.chunk.chunkCid.toString()))
    }
    const info = await store.lexicalInfo(cid.toString()) ?? expect.fail('no lexical copy')
    for (const q of QUESTIONS) {
      const terms = await queryTerms(db, info, q)
      const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${lexicalSql(info, 'top')}`, [terms.ids, terms.weights, terms.shares, 10])
      const plan = rows.map(r => r['QUERY PLAN']).join('\n')
      expect(plan, plan).toMatch(new RegExp(`(Index|Index Only|Bitmap Index) Scan (using|on) ${info.table}_postings_pkey`))
      expect(plan, plan).not.toMatch(/Seq Scan on \S+_postings/)
    }
  })

  it('CLI: search --store copies the index with its postings on first use and ranks as the embedded index', SLOW, async () => {
    const home = await copyPrebuiltHome('quarry-pglex-')
    try {
      const cid = embedded.cid?.toString() ?? expect.fail('no CID')
      await db.query('DELETE FROM quarry_lexical WHERE index_cid = $1', [cid])
      const cids = (out: string): string[] => (JSON.parse(out) as { results: Array<{ chunkCid: string }> }).results.map(r => r.chunkCid)
      for (const mode of ['lexical', 'hybrid']) {
        const plain = await runCli(['search', QUESTIONS[0] as string, '--index', cid, '--mode', mode, '-k', '10', '--json'], { home: home.dir })
        const viaPg = await runCli(['search', QUESTIONS[0] as string, '--index', cid, '--mode', mode, '-k', '10', '--store', url, '--json'], { home: home.dir, timeoutMs: 600_000 })
        expect(viaPg.code, viaPg.stderr).toBe(0)
        expect(cids(viaPg.stdout), mode).toEqual(cids(plain.stdout))
      }
      const { rows } = await db.query<{ postings: string }>('SELECT postings FROM quarry_lexical WHERE index_cid = $1', [cid])
      expect(Number(rows[0]?.postings)).toBeGreaterThan(10_000)
    } finally {
      await home.cleanup()
    }
  })
})
