/**
 * bench/store-scale/vectors: the chunk and vector side of the Postgres store
 * as it grows: `PostgresStore.write` (chunk rows + pgvector HNSW with m 16,
 * ef_construction 200) of N SYNTHETIC chunks (bench/store-scale/synthetic-chunks.ts) with
 * SYNTHETIC seeded random unit vectors, into PGlite with pgvector behind
 * pglite-socket (Debian's server has no pgvector), then dense queries (ef 64,
 * top 10) with random unit vectors. Copy time, table and HNSW sizes, p50/p95.
 *
 *   node --import tsx bench/store-scale/vectors.ts --size 20000 [--dim 512] [--queries 50]
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite/vector'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import pg from 'pg'
import { chunkCid, createPostgresStore, seededRandom, type Chunk, type IndexManifest } from '../../indexes/index.js'
import { percentile } from '../../eval/index.js'
import { syntheticChunks } from './synthetic-chunks.js'

const { values } = parseArgs({ options: { size: { type: 'string', default: '20000' }, dim: { type: 'string', default: '512' }, queries: { type: 'string', default: '50' } } })
const n = Number(values.size)
const dim = Number(values.dim)
const load = (): string => loadavg().map(l => l.toFixed(1)).join(' ')
const rand = seededRandom(3)
const unitVector = (): number[] => {
  const v = Array.from({ length: dim }, () => rand() * 2 - 1)
  const norm = Math.hypot(...v)
  return v.map(x => x / norm)
}

const chunks: Chunk[] = []
for (const c of syntheticChunks(n, { zipf: 1.0 })) {
  const cid = await chunkCid(c.text)
  chunks.push({ chunkCid: cid, docCid: cid, path: `synthetic/${c.id}.txt`, title: c.context, byteStart: 0, byteEnd: c.text.length, text: c.text })
}
const vectors = chunks.map(() => unitVector())
// the fields PostgresStore.write reads (a bench stand-in, not a real index's manifest)
const manifest = { embedder: { id: 'synthetic', dimensions: dim }, hnsw: { m: 16, efConstruction: 200, ef: 64 } } as unknown as IndexManifest

const dir = await mkdtemp(join(tmpdir(), 'quarry-pglite-vec-'))
const db = await PGlite.create(dir, { extensions: { vector } })
const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 2 })
await server.start()
const client = new pg.Client({ connectionString: `postgres://postgres@${server.getServerConn()}/postgres` })
await client.connect()
try {
  process.stderr.write(`vectors: ${n} × ${dim}-d, load average ${load()}\n`)
  const store = createPostgresStore(client)
  const started = performance.now()
  const info = await store.write('bafysyntheticvectors', manifest, chunks, id => vectors[id] as number[], { batchSize: 500 })
  const copyS = (performance.now() - started) / 1000
  const size = async (sql: string): Promise<number> => Number((await client.query<{ b: string }>(sql)).rows[0]?.b ?? 0) / 1e6
  const tableMb = await size(`SELECT pg_table_size('"${info.table}"') AS b`)
  const indexesMb = await size(`SELECT pg_indexes_size('"${info.table}"') AS b`)
  const search = store.vectors(info, 64)
  await search.search(unitVector(), 10)
  const ms: number[] = []
  for (let q = 0; q < Number(values.queries); q++) { const v = unitVector(); const s = performance.now(); await search.search(v, 10); ms.push(performance.now() - s) }
  console.log(`SYNTHETIC chunks and vectors, PGlite + pgvector over pglite-socket; load average ${load()}\n`)
  console.log('| chunks | dim | copy + HNSW build (s) | table (MB) | indexes: HNSW + key (MB) | dense p50 / p95 (ms) |\n|---:|---:|---:|---:|---:|---:|')
  console.log(`| ${n} | ${dim} | ${copyS.toFixed(1)} | ${tableMb.toFixed(1)} | ${indexesMb.toFixed(1)} | ${percentile(ms, 50).toFixed(2)} / ${percentile(ms, 95).toFixed(2)} |`)
} finally {
  await client.end(); await server.stop(); await db.close(); await rm(dir, { recursive: true, force: true })
}
process.exit(0)
