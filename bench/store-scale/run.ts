/**
 * bench/store-scale: the lexical side of the Postgres store as a corpus grows
 * (issue 24 item 2). SYNTHETIC texts (bench/store-scale/synthetic-chunks.ts:
 * 120 pseudo-words per chunk plus a 6-word context line, Zipf(1.0) over 50,000
 * words, the distribution bench/scale uses), indexed with Quarry's BM25
 * (DEFAULT_BM25: pairs of adjacent words included), then copied into each
 * target with `writeLexicalTables` and queried with `postgresLexicalSearch`
 * (top 10), beside the in-process index on the same queries.
 *
 *   node --import tsx bench/store-scale/run.ts --size 100000 [--targets pglite,postgres] [--queries 100] [--json out.json]
 *
 * Targets: `pglite` = PGlite (Postgres in WASM) on disk behind pglite-socket,
 * reached with the `pg` client; `postgres` = the Debian Postgres server,
 * started by the bench in a temp folder (see postgres-server.ts) and stopped
 * after. One size per process (memory is returned to the system between runs).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { createLexicalIndex, lexicalSql, postgresLexicalSearch, queryTerms, writeLexicalTables, type LexicalIndex, type StoredLexicalInfo } from '../../indexes/index.js'
import { percentile } from '../../eval/index.js'
import { syntheticChunks } from './synthetic-chunks.js'
import { startPostgresServer } from './postgres-server.js'

const { values } = parseArgs({ options: { size: { type: 'string', default: '100000' }, targets: { type: 'string', default: 'pglite,postgres' }, queries: { type: 'string', default: '100' }, json: { type: 'string' } } })
const n = Number(values.size)
const log = (line: string): void => { process.stderr.write(`${line}\n`) }
const load = (): string => loadavg().map(l => l.toFixed(1)).join(' ')
const mb = (bytes: number): number => bytes / 1e6
const rssMb = (): number => process.memoryUsage().rss / 1e6

log(`store-scale: ${n} synthetic chunks, load average ${load()}`)
let t = performance.now()
const index: LexicalIndex = createLexicalIndex()
const batch: Array<{ id: number, text: string, context: string }> = []
for (const chunk of syntheticChunks(n, { zipf: 1.0 })) {
  batch.push(chunk)
  if (batch.length === 5000) { index.add(batch); batch.length = 0 }
}
index.add(batch)
index.search('warm up', 1)
const buildS = (performance.now() - t) / 1000
log(`  in-process BM25 built in ${buildS.toFixed(1)} s, RSS ${rssMb().toFixed(0)} MB`)

// queries: 3 Zipf words (as bench/scale), and 6-word runs of chunk texts (their pairs exist)
const count = Number(values.queries)
const zipf3 = [...syntheticChunks(count, { zipf: 1.0, words: 3, seed: 99 })].map(c => c.text)
const runs6 = [...syntheticChunks(count, { zipf: 1.0, seed: 7 })].map((c, i) => c.text.split(' ').slice(i % 100, (i % 100) + 6).join(' '))
const querySets = { 'zipf 3 words': zipf3, 'chunk run 6 words': runs6 }

async function timeQueries (search: (q: string) => unknown): Promise<Record<string, { p50: number, p95: number }>> {
  const out: Record<string, { p50: number, p95: number }> = {}
  for (const [name, qs] of Object.entries(querySets)) {
    await search(qs[0] as string)
    const ms: number[] = []
    for (const q of qs) { const s = performance.now(); await search(q); ms.push(performance.now() - s) }
    out[name] = { p50: percentile(ms, 50), p95: percentile(ms, 95) }
  }
  return out
}

const rows: Array<Record<string, unknown>> = [{ target: 'in-process', n, buildS, rssMb: rssMb(), latency: await timeQueries(q => index.search(q, 10)) }]

async function measure (target: string, client: pg.Client, version: string): Promise<void> {
  log(`  ${target} (${version}): copying, load average ${load()}`)
  let last = 0
  t = performance.now()
  const info: StoredLexicalInfo = await writeLexicalTables(client, `bafysynthetic${n}`, `quarry_synthetic_${n}`, index, {
    onProgress: e => { if (performance.now() - last > 30_000) { last = performance.now(); log(`    ${e.done}/${e.total} postings`) } }
  })
  const copyS = (performance.now() - t) / 1000
  const size = async (sql: string): Promise<number> => Number((await client.query<{ b: string }>(sql)).rows[0]?.b ?? 0)
  const termsMb = mb(await size(`SELECT pg_total_relation_size('quarry_synthetic_${n}_terms') AS b`))
  const postingsHeapMb = mb(await size(`SELECT pg_table_size('quarry_synthetic_${n}_postings') AS b`))
  const postingsIndexMb = mb(await size(`SELECT pg_indexes_size('quarry_synthetic_${n}_postings') AS b`))
  const search = postgresLexicalSearch(client, info)
  const latency = await timeQueries(q => search.search(q, 10))
  // parity on these queries: the same top 10 as in process
  let same = 0
  for (const q of runs6) if ((await search.search(q, 10)).map(h => h.id).join() === index.search(q, 10).map(h => h.id).join()) same++
  const terms = await queryTerms(client, info, runs6[0] as string)
  const plan = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${lexicalSql(info, 'top')}`, [terms.ids, terms.weights, terms.shares, 10])).rows.map(r => r['QUERY PLAN']).join('\n')
  log(`  ${target}: copy ${copyS.toFixed(1)} s, postings ${info.postings}, heap ${postingsHeapMb.toFixed(0)} MB + key ${postingsIndexMb.toFixed(0)} MB, top 10 identical ${same}/${runs6.length}\n${plan}`)
  rows.push({ target, version, n, copyS, terms: info.terms, postings: info.postings, termsMb, postingsHeapMb, postingsIndexMb, latency, identicalTop10: same / runs6.length, plan, load: load() })
}

for (const target of (values.targets ?? '').split(',')) {
  if (target === 'pglite') {
    const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([import('@electric-sql/pglite'), import('@electric-sql/pglite-socket')])
    const dir = await mkdtemp(join(tmpdir(), 'quarry-pglite-'))
    const db = await PGlite.create(dir)
    const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 2 })
    await server.start()
    const client = new pg.Client({ connectionString: `postgres://postgres@${server.getServerConn()}/postgres` })
    await client.connect()
    try {
      const version = (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? ''
      await measure('pglite', client, `PGlite (Postgres ${version})`)
    } finally {
      await client.end(); await server.stop(); await db.close(); await rm(dir, { recursive: true, force: true })
    }
  } else if (target === 'postgres') {
    const server = await startPostgresServer({ shared_buffers: '1GB', maintenance_work_mem: '1GB', work_mem: '64MB' })
    const client = new pg.Client({ connectionString: server.url })
    await client.connect()
    try {
      await measure('postgres', client, server.version)
    } finally {
      await client.end(); server.stop()
    }
  }
}

const f = (x: unknown, d = 1): string => typeof x === 'number' ? x.toFixed(d) : '-'
console.log(`SYNTHETIC texts (bench/store-scale/synthetic-chunks.ts), ${n} chunks; load average at the end ${load()}\n`)
console.log('| target | chunks | build/copy (s) | postings rows | terms (MB) | postings heap (MB) | postings key (MB) | p50 / p95 ms, 3 Zipf words | p50 / p95 ms, 6-word runs | same top 10 |')
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
for (const r of rows) {
  const l = r.latency as Record<string, { p50: number, p95: number }>
  const lat = (k: string): string => `${f(l[k]?.p50, 2)} / ${f(l[k]?.p95, 2)}`
  console.log(`| ${String(r.target)} | ${n} | ${f(r.copyS ?? r.buildS)} | ${r.postings ?? '-'} | ${f(r.termsMb)} | ${f(r.postingsHeapMb)} | ${f(r.postingsIndexMb)} | ${lat('zipf 3 words')} | ${lat('chunk run 6 words')} | ${r.identicalTop10 === undefined ? '-' : `${f(100 * (r.identicalTop10 as number), 0)}%`} |`)
}
if (values.json !== undefined) await writeFile(values.json, JSON.stringify(rows, null, 2))
process.exit(0)
