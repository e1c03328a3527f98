import { readFile } from 'node:fs/promises'
import type { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest'
import { copyIndexToStore, createPostgresStore, openStoredIndex, type QuarryIndex } from '../indexes/index.js'
import { openQuarrySession, type QuarrySession } from '../session/index.js'
import { runCli } from './helpers/cli.js'
import { HAS_SHARED, shared } from './helpers/shared.js'
import { startPgliteServer, type PgliteServer } from './helpers/pglite-server.js'
import { copyPrebuiltHome } from './helpers/test-home.js'

interface Sample { question: string, relevant: string[] }
const SLOW = { timeout: 600_000 }

/** Mean over questions of the share of relevant pages among the pages of the top 5 chunks */
async function recallAt5 (index: QuarryIndex, samples: Sample[], mode: 'hybrid' | 'dense'): Promise<number> {
  let sum = 0
  for (const s of samples) {
    const pages = new Set((await index.search(s.question, { k: 5, mode })).map(r => r.chunk.path))
    sum += s.relevant.filter(p => pages.has(p)).length / s.relevant.length
  }
  return sum / samples.length
}

// A real Postgres engine: PGlite (Postgres compiled to WASM) with its bundled pgvector extension,
// used in-process and, through @electric-sql/pglite-socket, over a loopback TCP socket with the
// standard `pg` client: the code path of a real Postgres server.
describe.skipIf(!HAS_SHARED)('Postgres + pgvector store (PGlite in-process and over a loopback socket)', () => {
  let session: QuarrySession
  let embedded: QuarryIndex
  let db: PGlite
  let server: PgliteServer
  let samples: Sample[]

  beforeAll(async () => {
    session = await openQuarrySession({ home: inject('quarryTestHome') })
    embedded = await session.openIndex({ ref: 'filecoin-docs' })
    samples = (await readFile(shared('eval/filecoin-docs-dev.jsonl'), 'utf8')).trim().split('\n').map(l => JSON.parse(l) as Sample)
    server = await startPgliteServer()
    db = server.db
  }, 600_000)
  afterAll(async () => {
    await server?.stop()
    await session?.close()
  })

  it('in-process: copies the index (chunks + vectors, HNSW inside Postgres) and searches with the same fusion as the embedded index', SLOW, async () => {
    const cid = embedded.cid ?? expect.fail('the test index has no CID')
    const store = createPostgresStore(db)
    const info = await copyIndexToStore(await session.node.start(), cid, store)
    expect(info.chunks).toBe(embedded.manifest.counts.chunks)
    const { rows } = await db.query<{ indexdef: string }>('SELECT indexdef FROM pg_indexes WHERE tablename = $1', [info.table])
    expect(rows.map(r => r.indexdef).join('\n')).toMatch(/USING hnsw \(embedding vector_cosine_ops\)/)
    const stored = await openStoredIndex(await session.node.start(), cid, embedded.embedder, store)
    expect(stored.chunks.map(c => c.chunkCid.toString())).toEqual(embedded.chunks.map(c => c.chunkCid.toString()))
    for (const s of samples.slice(0, 5)) {
      const lexA = (await embedded.search(s.question, { k: 5, mode: 'lexical' })).map(r => r.chunk.chunkCid.toString())
      const lexB = (await stored.search(s.question, { k: 5, mode: 'lexical' })).map(r => r.chunk.chunkCid.toString())
      expect(lexB).toEqual(lexA)
      const denseA = await embedded.search(s.question, { k: 5, mode: 'dense' })
      const denseB = await stored.search(s.question, { k: 5, mode: 'dense' })
      expect(denseB[0]?.chunk.chunkCid.toString()).toBe(denseA[0]?.chunk.chunkCid.toString())
      expect(denseB[0]?.score).toBeCloseTo(denseA[0]?.score ?? 0, 4)
    }
    // bad input: an index the store does not hold is named
    await expect(store.chunks('bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi')).rejects.toMatchObject({ name: 'IndexNotFoundError' })
  })

  // Dense recall is asserted too: the index may calibrate its dense weight to 0, and then hybrid search never
  // queries the vectors, so only the dense mode shows that pgvector's HNSW finds what hnswlib finds.
  it('over a loopback socket with the pg client: hybrid and dense recall@5 on filecoin-docs-dev within 0.01 of the embedded index', SLOW, async () => {
    const cid = embedded.cid ?? expect.fail('the test index has no CID')
    const client = new pg.Client({ connectionString: server.url })
    await client.connect()
    try {
      const store = createPostgresStore(client)
      await copyIndexToStore(await session.node.start(), cid, store)
      const stored = await openStoredIndex(await session.node.start(), cid, embedded.embedder, store)
      expect(samples.length).toBe(45)
      for (const mode of ['hybrid', 'dense'] as const) {
        const a = await recallAt5(embedded, samples, mode)
        const b = await recallAt5(stored, samples, mode)
        console.log(`[postgres] ${mode} recall@5 on filecoin-docs-dev (${samples.length} questions): embedded ${a.toFixed(3)}, Postgres/pgvector ${b.toFixed(3)}`)
        expect(Math.abs(a - b), mode).toBeLessThanOrEqual(0.01)
      }
    } finally {
      await client.end()
    }
  })

  it('CLI: index build --store copies the new index into Postgres; search and ask --store use it', SLOW, async () => {
    const home = await copyPrebuiltHome('quarry-pg-')
    try {
      const url = server.url
      const build = await runCli(['index', 'build', 'filecoin-docs', '--store', url, '--json'], { home: home.dir, timeoutMs: 600_000 })
      expect(build.code, build.stderr).toBe(0)
      const built = JSON.parse(build.stdout) as { cid: string, store: { table: string, chunks: number } }
      expect(built.store.chunks).toBe(embedded.manifest.counts.chunks)
      const plain = await runCli(['search', 'How do storage deals work?', '--index', built.cid, '--json'], { home: home.dir })
      const viaPg = await runCli(['search', 'How do storage deals work?', '--index', built.cid, '--store', url, '--json'], { home: home.dir })
      expect(viaPg.code, viaPg.stderr).toBe(0)
      const cids = (out: string): string[] => (JSON.parse(out) as { results: Array<{ chunkCid: string }> }).results.map(r => r.chunkCid)
      expect(cids(viaPg.stdout)[0]).toBe(cids(plain.stdout)[0])
      expect(cids(viaPg.stdout).filter(c => cids(plain.stdout).includes(c)).length).toBeGreaterThanOrEqual(4)
      const ask = await runCli(['ask', 'What is Proof-of-Spacetime?', '--index', built.cid, '--store', url, '--json'], { home: home.dir, env: { QUARRY_LLM_BASE_URL: '', QUARRY_LLM_MODEL: '', QUARRY_GGUF: '' } })
      expect(ask.code, ask.stderr).toBe(0)
      expect((JSON.parse(ask.stdout) as { citations: unknown[] }).citations.length).toBeGreaterThan(0)
      const bad = await runCli(['search', 'x', '--store', 'mysql://nope'], { home: home.dir })
      expect(bad.code).toBe(1)
      expect(bad.stderr).toContain('is not a postgres:// URL')
    } finally {
      await home.cleanup()
    }
  })
})
