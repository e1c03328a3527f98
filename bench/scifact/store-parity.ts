/**
 * SciFact test through the embedded index and through its Postgres copy
 * (chunks, pgvector HNSW and BM25 postings in Postgres; issue 24): nDCG@10 of
 * each side and the share of queries whose top 10 chunks are identical, in
 * every search mode, plus per-query latency of each side.
 *
 *   node --import tsx bench/scifact/store-parity.ts --home <home> --index <cid>
 *     [--store postgres://…] [--beir <folder>] [--limit N] [--json]
 *
 * Without --store the script starts PGlite (Postgres in WASM, with pgvector)
 * behind a loopback socket and talks to it with the `pg` client, the code
 * path of a real server. The index must be in the home (bench/scifact/run.ts
 * builds it). See bench/scifact/README.md.
 */

import '../../corpora/index.js'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { CID } from 'multiformats/cid'
import { beirDocId, loadBeirDataset, ndcgAtK, percentile } from '../../eval/index.js'
import { copyIndexToStore, createPostgresStore, openStoredIndex, type QuarryIndex, type SearchOptions } from '../../indexes/index.js'
import { openQuarrySession } from '../../session/index.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const { values: args } = parseArgs({
  options: {
    beir: { type: 'string', default: path.resolve(process.env.QUARRY_SHARED ?? path.join(ROOT, '../shared'), 'beir/scifact') },
    home: { type: 'string', default: path.join(ROOT, 'node_modules/.cache/quarry-bench-scifact') },
    index: { type: 'string' },
    store: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean', default: false }
  }
})
if (args.index === undefined) throw new Error('--index <cid> is required (bench/scifact/run.ts prints "index as built: <cid>")')
const log = (line: string): void => { process.stderr.write(`${line}\n`) }

/** The modes compared: each search mode, and hybrid at a dense weight above 0 too (the index's own weight may be 0) */
const MODES: Array<{ label: string, options: SearchOptions }> = [
  { label: 'lexical', options: { mode: 'lexical' } },
  { label: 'hybrid (index weight)', options: { mode: 'hybrid' } },
  { label: 'hybrid, dense weight 0.3', options: { mode: 'hybrid', denseWeight: 0.3 } },
  { label: 'dense', options: { mode: 'dense' } }
]
/** Chunks retrieved per query, as run-retrieval-eval does (documents ranked by their best chunk) */
const CHUNK_DEPTH = 200

const test = await loadBeirDataset(args.beir ?? '', { split: 'test', ...(args.limit === undefined ? {} : { limit: Number(args.limit) }) })
const session = await openQuarrySession({ home: args.home })
let stopServer = async (): Promise<void> => {}
try {
  let url = args.store
  if (url === undefined) {
    const [{ PGlite }, { vector }, { PGLiteSocketServer }] = await Promise.all([import('@electric-sql/pglite'), import('@electric-sql/pglite/vector'), import('@electric-sql/pglite-socket')])
    const db = await PGlite.create({ extensions: { vector } })
    const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 4 })
    await server.start()
    url = `postgres://postgres@${server.getServerConn()}/postgres`
    stopServer = async () => { await server.stop(); await db.close() }
  }
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const cid = CID.parse(args.index)
  const embedded = await session.openIndex({ ref: cid.toString() })
  const store = createPostgresStore(client)
  const node = await session.node.start()
  let t = performance.now()
  const info = await copyIndexToStore(node, cid, store)
  const copyMs = performance.now() - t
  const lexicalInfo = await store.lexicalInfo(cid.toString())
  log(`copied ${info.chunks} chunks, vectors and ${lexicalInfo?.postings ?? 0} postings (${lexicalInfo?.terms ?? 0} terms) in ${(copyMs / 1000).toFixed(1)} s`)
  const stored = await openStoredIndex(node, cid, embedded.embedder, store)

  const rows = []
  for (const { label, options } of MODES) {
    const side = async (index: QuarryIndex, query: string): Promise<{ top: string[], docs: string[], ms: number }> => {
      const started = performance.now()
      const results = await index.search(query, { ...options, k: CHUNK_DEPTH })
      const ms = performance.now() - started
      const docs = [...new Set(results.map(r => beirDocId(r.chunk.path)).filter((d): d is string => d !== undefined))]
      return { top: results.slice(0, 10).map(r => r.chunk.chunkCid.toString()), docs, ms }
    }
    await side(embedded, 'warm up'); await side(stored, 'warm up')
    let ndcgA = 0; let ndcgB = 0; let same = 0
    const msA: number[] = []; const msB: number[] = []
    for (const q of test.queries) {
      const a = await side(embedded, q.text)
      const b = await side(stored, q.text)
      const qrels = test.qrels.get(q.id) ?? {}
      ndcgA += ndcgAtK(a.docs, qrels, 10); ndcgB += ndcgAtK(b.docs, qrels, 10)
      if (a.top.join() === b.top.join()) same++
      msA.push(a.ms); msB.push(b.ms)
    }
    const n = test.queries.length
    rows.push({ mode: label, queries: n, ndcgEmbedded: ndcgA / n, ndcgPostgres: ndcgB / n, identicalTop10: same / n, p50Embedded: percentile(msA, 50), p50Postgres: percentile(msB, 50) })
    log(`${label}: done`)
  }
  t = performance.now()
  await client.end()
  if (args.json === true) {
    process.stdout.write(`${JSON.stringify({ index: cid.toString(), copyMs, postings: lexicalInfo?.postings, rows }, null, 2)}\n`)
  } else {
    process.stdout.write(`index ${cid.toString()}: ${info.chunks} chunks; copy into Postgres ${(copyMs / 1000).toFixed(1)} s\n\n`)
    process.stdout.write('| mode | nDCG@10 embedded | nDCG@10 Postgres | Δ | identical top 10 | p50 ms embedded | p50 ms Postgres |\n|---|---:|---:|---:|---:|---:|---:|\n')
    for (const r of rows) {
      process.stdout.write(`| ${r.mode} | ${r.ndcgEmbedded.toFixed(4)} | ${r.ndcgPostgres.toFixed(4)} | ${(r.ndcgPostgres - r.ndcgEmbedded).toFixed(4)} | ${(100 * r.identicalTop10).toFixed(1)}% (${Math.round(r.identicalTop10 * r.queries)}/${r.queries}) | ${r.p50Embedded.toFixed(1)} | ${r.p50Postgres.toFixed(1)} |\n`)
    }
  }
} finally {
  await stopServer()
  await session.close()
}
process.exit(process.exitCode ?? 0)
