/**
 * Peak RSS of one `quarry search` process on the JFK corpus (all 2,110
 * records), with the embedded index and with `--store postgres://…` (chunks,
 * vectors and BM25 postings in Postgres), in each search mode. Vectors are
 * SYNTHETIC (synthetic-embeddings-server.ts, 512-d like USE lite): the index
 * has the size of a real one; rankings in dense mode mean nothing.
 *
 *   npm run build && node --import tsx bench/store-scale/jfk-rss.ts [--home <dir>] [--runs 3] [--corpus jfk-2025-0318] [--index <cid already built in --home>]
 *
 * Postgres is PGlite with pgvector in a process of its own (pglite-server.ts);
 * each search runs under `/usr/bin/time -v` and the median of `--runs` peak
 * RSS figures is printed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { percentile } from '../../eval/index.js'

const ROOT = resolve(import.meta.dirname, '../..')
const { values } = parseArgs({ options: { home: { type: 'string' }, runs: { type: 'string', default: '3' }, index: { type: 'string' }, corpus: { type: 'string', default: 'jfk-2025-0318' } } })
const log = (line: string): void => { process.stderr.write(`${line}\n`) }

/** Start a server script and wait for the first line it prints (its URL) */
async function startServer (script: string, args: string[]): Promise<{ url: string, child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve)
    child.once('exit', code => reject(new Error(`${script} exited ${code}`)))
  })
  return { url: line.trim(), child }
}

const work = await mkdtemp(join(tmpdir(), 'quarry-jfk-rss-'))
const home = values.home ?? join(work, 'home')
const embed = await startServer('synthetic-embeddings-server.ts', [])
const pglite = await startServer('pglite-server.ts', [join(work, 'pgdata')])
const env = { ...process.env, QUARRY_HOME: home, QUARRY_EMBED_BASE_URL: embed.url, QUARRY_PEERS: '', QUARRY_GATEWAYS: '', QUARRY_ROUTING: '', QUARRY_LISTEN: '' }
const EMBEDDER = 'openai:synthetic-512'

function cli (args: string[], timed = false): { code: number, stdout: string, rssMb?: number } {
  const argv = [join(ROOT, 'dist/cli/main.js'), ...args]
  const res = timed
    ? spawnSync('/usr/bin/time', ['-v', process.execPath, ...argv], { env, encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync(process.execPath, argv, { env, encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] })
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(res.stderr ?? '')?.[1]
  if (res.status !== 0) log(`quarry ${args.join(' ')} exited ${res.status}\n${(res.stderr ?? '').slice(-2000)}`)
  return { code: res.status ?? 1, stdout: res.stdout, ...(kb === undefined ? {} : { rssMb: Number(kb) / 1024 }) }
}

try {
  log(`load average ${loadavg().map(l => l.toFixed(1)).join(' ')}; home ${home}`)
  // the catalogue corpus (imported from ../shared on first use)
  const cid = values.index ?? cli(['index', 'build', values.corpus ?? '', '--embedder', EMBEDDER]).stdout.trim().split('\n').at(-1) ?? ''
  log(`index ${cid}`)
  // the first search with --store copies the index (chunks, vectors, postings) into Postgres
  const copy = cli(['search', 'warm up', '--index', cid, '--store', pglite.url, '--json'])
  if (copy.code !== 0) throw new Error('copy failed')
  const query = 'Oswald trip to Mexico City'
  const rows: string[] = []
  for (const mode of ['lexical', 'hybrid', 'dense']) {
    for (const side of ['embedded', 'Postgres store']) {
      const rss: number[] = []
      for (let i = 0; i < Number(values.runs); i++) {
        const r = cli(['search', query, '--index', cid, '--mode', mode, '-k', '10', '--json', ...(side === 'embedded' ? [] : ['--store', pglite.url])], true)
        if (r.rssMb !== undefined) rss.push(r.rssMb)
      }
      rows.push(`| ${mode} | ${side} | ${percentile(rss, 50).toFixed(0)} | ${rss.map(x => x.toFixed(0)).join(', ')} |`)
      log(rows.at(-1) ?? '')
    }
  }
  console.log(`${values.corpus ?? ''}, index ${cid}, SYNTHETIC 512-d vectors; query "${query}"; load average ${loadavg().map(l => l.toFixed(1)).join(' ')}\n`)
  console.log('| mode | side | peak RSS MB (median) | runs |\n|---|---|---:|---|')
  for (const r of rows) console.log(r)
} finally {
  embed.child.kill('SIGTERM')
  pglite.child.kill('SIGTERM')
  await new Promise(resolve => setTimeout(resolve, 2000))
  if (values.home === undefined) await rm(work, { recursive: true, force: true })
}
process.exit(0)
