/**
 * bench/index: build and query a Quarry index over the JFK corpus, beside
 * baselines built in the same run with the same model: LangChain's
 * RecursiveCharacterTextSplitter + HNSWLib vector store, embedding with
 * `langchain` the USE package's own `model.embed` on its thread (what a
 * LangChain user writes) and with `langchain-pool` Quarry's USE embedder
 * (worker per core, faster kernels): the pipelines alone. Each side runs in
 * its own process so peak RSS is its own; the load average is printed per side.
 *
 *   npm run bench:index -- [--limit N] [--queries N] [--baselines langchain,langchain-pool] [--baseline-batch N] [--rounds N] [--json]
 *
 * --limit takes the first N records (default: all 2,110). --baseline-batch is
 * the texts per `model.embed` call of the `langchain` baseline (default 8, its fastest measured).
 * The first line printed is the build ratio against `langchain-pool` (the same
 * embedder, so the pipelines alone; every side searches with Quarry's HNSW ef).
 * --rounds N runs every side N times, every other round in reverse order, and
 * reports the mean build times (the other figures are the first round's).
 */
import { spawn } from 'node:child_process'
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { walkFolder } from '../../corpora/index.js'
import { percentile } from '../../eval/index.js'
import { DEFAULT_HNSW_PARAMS } from '../../indexes/index.js'
import { pickQueries, type SideResult } from './bench-common.js'

const { values } = parseArgs({
  options: {
    limit: { type: 'string' },
    queries: { type: 'string', default: '50' },
    baselines: { type: 'string', default: 'langchain,langchain-pool' },
    'baseline-batch': { type: 'string', default: '8' },
    rounds: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false }
  }
})
const baselines = values.baselines.split(',').map(b => b.trim()).filter(b => b !== '')
for (const b of baselines) if (b !== 'langchain' && b !== 'langchain-pool') throw new Error(`--baselines: unknown baseline "${b}" (langchain, langchain-pool)`)
const source = resolve(import.meta.dirname, '../../../shared/corpora/jfk-2025-0318/docs')
const files = await walkFolder(source)
const take = files.slice(0, values.limit != null ? Number(values.limit) : files.length)
const work = await mkdtemp(join(tmpdir(), 'quarry-bench-index-'))

const load = (): string => loadavg().map(x => x.toFixed(2)).join(' ')
/** Load average (1, 5, 15 min) when each side started and ended */
const loads: Record<string, string> = {}

async function side (name: SideResult['side'], folder: string, queriesPath: string, round: number): Promise<SideResult> {
  const out = join(work, `${name}-${round}.json`)
  const script = resolve(import.meta.dirname, name === 'quarry' ? 'quarry-side.ts' : 'langchain-side.ts')
  const extra = name === 'langchain' ? ['model', values['baseline-batch']] : name === 'langchain-pool' ? ['quarry-embedder'] : []
  const started = performance.now()
  const startLoad = load()
  console.error(`${name}: building over ${take.length} records… (${new Date().toISOString()}, load ${startLoad})`)
  await new Promise<void>((ok, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, folder, queriesPath, out, ...extra], { stdio: ['ignore', 'inherit', 'inherit'] })
    child.on('error', fail)
    child.on('exit', code => { code === 0 ? ok() : fail(new Error(`${name} side exited with ${code}`)) })
  })
  loads[round === 0 ? name : `${name} (round ${round + 1})`] = `${startLoad} -> ${load()}`
  console.error(`${name}: done in ${((performance.now() - started) / 1000).toFixed(0)} s (${new Date().toISOString()}, load ${load()})`)
  const result = JSON.parse(await readFile(out, 'utf8')) as SideResult
  // each side's figures as soon as it ends, so a run stopped during a later side keeps them
  console.error(`${name}: ${result.chunks} chunks, build ${result.buildS.toFixed(1)} s, query p50 ${percentile(result.latenciesMs, 50).toFixed(1)} ms, ` +
    `recall@10 ${result.recallAt10.toFixed(3)}, peak RSS ${result.maxRssMb.toFixed(0)} MB${result.phaseEnds != null ? `, steps ${JSON.stringify(result.phaseEnds)}` : ''}`)
  return result
}

try {
  const folder = join(work, 'docs')
  await mkdir(folder)
  for (const f of take) await cp(f.absolute, join(folder, f.path))
  const texts = await Promise.all(take.map(async f => readFile(f.absolute, 'utf8')))
  const queries = pickQueries(texts, Number(values.queries))
  const queriesPath = join(work, 'queries.json')
  await writeFile(queriesPath, JSON.stringify(queries))
  const runs: Record<string, SideResult[]> = {}
  const order = ['quarry', ...baselines] as Array<SideResult['side']>
  const rounds = Math.max(1, Number(values.rounds))
  for (let r = 0; r < rounds; r++) {
    // every other round in reverse order, so a load that rises or falls during the run weighs on every side alike
    for (const name of r % 2 === 0 ? order : [...order].reverse()) (runs[name] ??= []).push(await side(name, folder, queriesPath, r))
  }
  // build time: the mean over the rounds; the other figures from the first round
  const mean = (rs: SideResult[]): SideResult => ({ ...rs[0] as SideResult, buildS: rs.reduce((n, x) => n + x.buildS, 0) / rs.length })
  const quarry = mean(runs.quarry ?? [])
  const others = baselines.map(b => mean(runs[b] ?? []))
  if (values.json) {
    console.log(JSON.stringify({ records: take.length, queries, loads, quarry, baselines: others }, null, 2))
  } else {
    const row = (metric: string, f: (r: SideResult) => number, digits: number): string => {
      const a = f(quarry)
      return `| ${metric} | ${a.toFixed(digits)} | ${others.map(o => {
        const b = f(o)
        return `${b.toFixed(digits)} | ${Number.isFinite(a / b) ? (a / b).toFixed(2) : '-'}`
      }).join(' | ')} |`
    }
    const names: Record<string, string> = { langchain: 'langchain (model.embed, 1 thread)', 'langchain-pool': 'langchain + Quarry\'s embedder' }
    const lp = others.find(o => o.side === 'langchain-pool')
    // the figure that compares the pipelines alone leads, on a line of its own
    if (lp != null) {
      console.log(`build ratio vs LangChain, same embedder: ${(lp.buildS / quarry.buildS).toFixed(2)}x (${lp.buildS.toFixed(1)} s / ${quarry.buildS.toFixed(1)} s${rounds > 1 ? `, means of ${rounds} rounds` : ''}; > 1 = Quarry faster; HNSW M 16, efConstruction 200, ef ${DEFAULT_HNSW_PARAMS.ef} on every side)`)
      if (rounds > 1) console.log(`  each round: ${(runs['langchain-pool'] ?? []).map((b, r) => `${(b.buildS / (runs.quarry?.[r]?.buildS ?? NaN)).toFixed(2)}x`).join(', ')}`)
    }
    console.log(`JFK corpus, ${take.length} records, USE lite model on every side, ${queries.length} queries (quarry: default mode, calibrated hybrid HNSW + BM25; baselines: dense only); ratio = quarry / baseline`)
    console.log(`| metric | quarry | ${others.map(o => `${names[o.side] ?? o.side} | ratio`).join(' | ')} |`)
    console.log(`|---|---|${others.map(() => '---|---|').join('')}`)
    console.log(row('chunks', r => r.chunks, 0))
    console.log(row('mean chunk length (chars)', r => r.chars / r.chunks, 0))
    console.log(row('build time (s)', r => r.buildS, 1))
    console.log(row('chunks/s embedded', r => r.chunks / r.buildS, 1))
    console.log(row('chars/s embedded', r => r.chars / r.buildS, 0))
    console.log(row('query p50 (ms)', r => percentile(r.latenciesMs, 50), 1))
    console.log(row('query p95 (ms)', r => percentile(r.latenciesMs, 95), 1))
    console.log(row('HNSW recall@10 vs exact', r => r.recallAt10, 3))
    console.log(row('peak RSS (MB)', r => r.maxRssMb, 0))
    console.log(`quarry pin (UnixFS add + pin of the index): ${(quarry.pinS ?? NaN).toFixed(1)} s`)
    if (quarry.phaseEnds != null) console.log(`quarry build steps ended at (s): ${Object.entries(quarry.phaseEnds).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`)
    for (const [name, l] of Object.entries(loads)) console.log(`load average (1/5/15 min) at start -> end of ${name}: ${l}`)
    const lc = others.find(o => o.side === 'langchain')
    if (lc != null) console.log(`build speed-up vs langchain (model.embed): ${(lc.buildS / quarry.buildS).toFixed(2)}x (baseline batch ${values['baseline-batch']})`)
    if (quarry.denseWeight != null) console.log(`quarry calibrated dense weight: ${quarry.denseWeight} (queries in the default mode${quarry.denseWeight === 0 ? ', so no query embedding' : ''})`)
  }
} finally {
  await rm(work, { recursive: true, force: true, maxRetries: 5 })
}
