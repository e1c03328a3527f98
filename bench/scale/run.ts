/**
 * bench/scale: how the in-process stores (hnswlib HNSW, BM25 lexical index format 4)
 * behave as a corpus grows. SYNTHETIC vectors and texts (see side.ts); each
 * (store, size) runs in its own process. Printed per row: build time, file
 * size, peak RSS, load time, query p50/p95 and, for HNSW, recall@10 against
 * exact search (whose own p50 is the baseline the ANN is compared with).
 *
 *   node --import tsx bench/scale/run.ts [--sizes 100000,1000000] [--kinds hnsw,bm25] [--dim 512]
 *
 * --dim defaults to 512, the default embedder's (USE lite) vector length.
 */
import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '100000,1000000' }, kinds: { type: 'string', default: 'hnsw,bm25' }, dim: { type: 'string', default: '512' }, queries: { type: 'string', default: '100' } } })
const work = await mkdtemp(join(tmpdir(), 'quarry-scale-'))
const rows: Array<Record<string, any>> = []
try {
  for (const kind of (values.kinds ?? '').split(',')) {
    for (const n of (values.sizes ?? '').split(',')) {
      const out = join(work, `${kind}-${n}.json`)
      console.error(`scale: ${kind} ${n} starting, load average ${loadavg().map(l => l.toFixed(1)).join(' ')}`)
      const res = spawnSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', join(import.meta.dirname, 'side.ts'), kind, n, out, '--dim', values.dim ?? '512', '--queries', values.queries ?? '100'], { stdio: ['ignore', 'ignore', 'inherit'] })
      if (res.status !== 0) { rows.push({ kind, n: Number(n), failed: `exit ${res.status ?? res.signal}` }); continue }
      rows.push(JSON.parse(await readFile(out, 'utf8')))
    }
  }
} finally {
  await rm(work, { recursive: true, force: true })
}
const f = (x: unknown, d = 1): string => typeof x === 'number' ? x.toFixed(d) : '-'
console.log(`SYNTHETIC data (see bench/scale/side.ts); load average at the end ${loadavg().map(l => l.toFixed(1)).join(' ')}\n`)
console.log('| store | chunks | build (s) | file (MB) | peak RSS (MB) | load (s) | query p50 (ms) | p95 (ms) | recall@10 vs exact | exact p50 (ms) |')
console.log('|---|---|---|---|---|---|---|---|---|---|')
for (const r of rows) {
  if (r.failed != null) { console.log(`| ${r.kind} | ${r.n} | failed: ${r.failed} |`); continue }
  console.log(`| ${r.kind}${r.dim != null ? ` ${r.dim}-d` : ''} | ${r.n} | ${f(r.buildS)} | ${f(r.fileMb)} | ${f(r.peakRssMb, 0)} | ${f(r.loadS, 2)} | ${f(r.p50Ms, 2)} | ${f(r.p95Ms, 2)} | ${f(r.recallAt10, 3)} | ${f(r.exactP50Ms, 1)} |`)
}
for (const r of rows) if (r.writeS != null) console.log(`${r.kind} ${r.n}: writing the file took ${f(r.writeS)} s (not in build)`)
