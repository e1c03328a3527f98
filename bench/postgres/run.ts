/**
 * bench/postgres: the same index searched two ways in one run, on the
 * Filecoin docs dev questions (../shared/eval/filecoin-docs-dev.jsonl):
 * embedded (in-process hnswlib + BM25) and Postgres (chunks and vectors in
 * Postgres + pgvector HNSW, BM25 and fusion in Quarry). Postgres is PGlite
 * with its pgvector extension behind a loopback socket, queried with the
 * standard `pg` client, i.e. the code path of a real Postgres server.
 *
 *   npm run bench:postgres -- [--home DIR] [--rounds N] [--json]
 *
 * --home: a Quarry home with the Filecoin docs indexed (default: the test
 * home in node_modules/.cache/quarry-test-home; the index is built there on
 * first use). For each search mode (hybrid = the default, dense, lexical)
 * prints recall@5 of both sides (share of each question's relevant pages among
 * the pages of the top 5 chunks), search latency p50/p95 per side (each
 * question searched --rounds times after the recall round), and the
 * Postgres/embedded p50 ratio. The dense rows are the ones that exercise
 * pgvector: when the index's calibrated dense weight is 0, hybrid search ranks
 * with BM25 alone and never embeds the query or reads a vector, so its rows
 * compare chunk loading, not vector search. The header line says which.
 */
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite/vector'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import pg from 'pg'
import { copyIndexToStore, createPostgresStore, openStoredIndex, type QuarryIndex } from '../../indexes/index.js'
import { openQuarrySession } from '../../session/index.js'
import { percentile } from '../../eval/index.js'

const { values } = parseArgs({ options: { home: { type: 'string' }, rounds: { type: 'string', default: '3' }, json: { type: 'boolean', default: false } } })
const root = resolve(import.meta.dirname, '../..')
const home = resolve(values.home ?? join(root, 'node_modules/.cache/quarry-test-home'))
const rounds = Number(values.rounds)
const samples = (await readFile(join(root, '../shared/eval/filecoin-docs-dev.jsonl'), 'utf8')).trim().split('\n')
  .map(l => JSON.parse(l) as { question: string, relevant: string[] })

type Mode = 'hybrid' | 'dense' | 'lexical'
const modes: Mode[] = ['hybrid', 'dense', 'lexical']

async function measure (index: QuarryIndex, mode: Mode): Promise<{ recall: number, p50: number, p95: number }> {
  let sum = 0
  for (const s of samples) {
    const pages = new Set((await index.search(s.question, { k: 5, mode })).map(r => r.chunk.path))
    sum += s.relevant.filter(p => pages.has(p)).length / s.relevant.length
  }
  const times: number[] = []
  for (let r = 0; r < rounds; r++) {
    for (const s of samples) {
      const t = performance.now()
      await index.search(s.question, { k: 5, mode })
      times.push(performance.now() - t)
    }
  }
  return { recall: sum / samples.length, p50: percentile(times, 50), p95: percentile(times, 95) }
}

const session = await openQuarrySession({ home })
const db = await PGlite.create({ extensions: { vector } })
const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1' })
await server.start()
const client = new pg.Client({ connectionString: `postgres://postgres@${server.getServerConn()}/postgres` })
try {
  const embedded = await session.openIndex({ ref: 'filecoin-docs' })
  const cid = embedded.cid
  if (cid == null) throw new Error('the filecoin-docs index has no CID')
  await client.connect()
  const store = createPostgresStore(client)
  const copyStarted = performance.now()
  const info = await copyIndexToStore(await session.node.start(), cid, store)
  const copyMs = performance.now() - copyStarted
  const stored = await openStoredIndex(await session.node.start(), cid, embedded.embedder, store)
  const denseWeight = embedded.manifest.fusion?.denseWeight ?? 0
  const rows = []
  for (const mode of modes) {
    const a = await measure(embedded, mode)
    const b = await measure(stored, mode)
    rows.push({ mode, embedded: a, postgres: b, recallDelta: b.recall - a.recall, p50Ratio: b.p50 / a.p50 })
  }
  const result = {
    index: cid.toString(),
    denseWeight,
    questions: samples.length,
    rounds,
    chunks: info.chunks,
    copyToPostgresMs: Math.round(copyMs),
    modes: rows
  }
  if (values.json === true) {
    console.log(JSON.stringify(result, null, 2))
  } else {
    console.log(`index ${result.index}: ${info.chunks} chunks, ${samples.length} questions × ${rounds} rounds (copy into Postgres ${(copyMs / 1000).toFixed(1)} s)`)
    console.log(denseWeight > 0
      ? `hybrid fuses with dense weight ${denseWeight}: the query is embedded and pgvector is searched`
      : 'hybrid: this index calibrated its dense weight to 0, so hybrid never embeds the query or searches vectors; the dense rows compare pgvector with hnswlib')
    console.log('mode     side       recall@5  p50 ms  p95 ms')
    for (const r of rows) {
      console.log(`${r.mode.padEnd(8)} embedded   ${r.embedded.recall.toFixed(3)}     ${r.embedded.p50.toFixed(1).padStart(6)}  ${r.embedded.p95.toFixed(1).padStart(6)}`)
      console.log(`${r.mode.padEnd(8)} postgres   ${r.postgres.recall.toFixed(3)}     ${r.postgres.p50.toFixed(1).padStart(6)}  ${r.postgres.p95.toFixed(1).padStart(6)}`)
      console.log(`${r.mode.padEnd(8)} recall delta ${r.recallDelta >= 0 ? '+' : ''}${r.recallDelta.toFixed(3)}, p50 ratio postgres/embedded ${r.p50Ratio.toFixed(2)}x`)
    }
  }
} finally {
  await client.end().catch(() => {})
  await server.stop()
  await db.close()
  await session.close()
}
process.exit(0)
