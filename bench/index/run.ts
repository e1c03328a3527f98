/**
 * bench/index: build and query a Quarry index over the JFK corpus, beside a
 * baseline built in the same run with the same embedder: LangChain's
 * RecursiveCharacterTextSplitter + HNSWLib vector store. Each side runs in
 * its own process so peak RSS is its own.
 *
 *   npm run bench:index -- [--limit N] [--queries N] [--json]
 *
 * --limit takes the first N records (default: all 2,110; the USE embedder
 * runs ~10 chunks per CPU-second here, so the full corpus takes a long time).
 */
import { spawn } from 'node:child_process'
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { walkFolder } from '../../corpora/index.js'
import { percentile, pickQueries, type SideResult } from './bench-common.js'

const { values } = parseArgs({ options: { limit: { type: 'string' }, queries: { type: 'string', default: '50' }, json: { type: 'boolean', default: false } } })
const source = resolve(import.meta.dirname, '../../../shared/corpora/jfk-2025-0318/docs')
const files = await walkFolder(source)
const take = files.slice(0, values.limit != null ? Number(values.limit) : files.length)
const work = await mkdtemp(join(tmpdir(), 'quarry-bench-index-'))

async function side (name: SideResult['side'], folder: string, queriesPath: string): Promise<SideResult> {
  const out = join(work, `${name}.json`)
  const script = resolve(import.meta.dirname, `${name}-side.ts`)
  const started = performance.now()
  console.error(`${name}: building over ${take.length} records…`)
  await new Promise<void>((ok, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, folder, queriesPath, out], { stdio: ['ignore', 'inherit', 'inherit'] })
    child.on('error', fail)
    child.on('exit', code => { code === 0 ? ok() : fail(new Error(`${name} side exited with ${code}`)) })
  })
  console.error(`${name}: done in ${((performance.now() - started) / 1000).toFixed(0)} s`)
  return JSON.parse(await readFile(out, 'utf8')) as SideResult
}

try {
  const folder = join(work, 'docs')
  await mkdir(folder)
  for (const f of take) await cp(f.absolute, join(folder, f.path))
  const texts = await Promise.all(take.map(async f => readFile(f.absolute, 'utf8')))
  const queries = pickQueries(texts, Number(values.queries))
  const queriesPath = join(work, 'queries.json')
  await writeFile(queriesPath, JSON.stringify(queries))
  const quarry = await side('quarry', folder, queriesPath)
  const baseline = await side('langchain', folder, queriesPath)
  if (values.json) {
    console.log(JSON.stringify({ records: take.length, queries, quarry, langchain: baseline }, null, 2))
  } else {
    const row = (metric: string, f: (r: SideResult) => number, digits: number): string => {
      const a = f(quarry)
      const b = f(baseline)
      return `| ${metric} | ${a.toFixed(digits)} | ${b.toFixed(digits)} | ${Number.isFinite(a / b) ? (a / b).toFixed(2) : '-'} |`
    }
    console.log(`JFK corpus, ${take.length} records, USE lite embedder on both sides, ${queries.length} queries (quarry: default mode, calibrated hybrid HNSW + BM25; baseline: dense only)`)
    console.log('| metric | quarry | langchain baseline | ratio |')
    console.log('|---|---|---|---|')
    console.log(row('chunks', r => r.chunks, 0))
    console.log(row('mean chunk length (chars)', r => r.chars / r.chunks, 0))
    console.log(row('build time (s)', r => r.buildS, 1))
    console.log(row('chunks/s embedded', r => r.chunks / r.buildS, 1))
    console.log(row('chars/s embedded', r => r.chars / r.buildS, 0))
    console.log(row('query p50 (ms)', r => percentile(r.latenciesMs, 0.5), 1))
    console.log(row('query p95 (ms)', r => percentile(r.latenciesMs, 0.95), 1))
    console.log(row('HNSW recall@10 vs exact', r => r.recallAt10, 3))
    console.log(row('peak RSS (MB)', r => r.maxRssMb, 0))
    console.log(`quarry pin (UnixFS add + pin of the index): ${(quarry.pinS ?? NaN).toFixed(1)} s`)
    if (quarry.phaseEnds != null) console.log(`quarry build steps ended at (s): ${Object.entries(quarry.phaseEnds).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`)
    if (quarry.denseWeight != null) console.log(`quarry calibrated dense weight: ${quarry.denseWeight} (queries in the default mode${quarry.denseWeight === 0 ? ', so no query embedding' : ''})`)
  }
} finally {
  await rm(work, { recursive: true, force: true, maxRetries: 5 })
}
