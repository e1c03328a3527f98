/**
 * bench/startup: wall time of short CLI calls (`quarry --help`, `quarry search`
 * on a built index), beside a baseline measured in the same run: a bare
 * `node -e 0`, the floor of any Node CLI. Each call runs `--runs` times
 * (default 5); the median is printed with its ratio to the baseline.
 *
 *   npm run build && node --import tsx bench/startup/run.ts [--home DIR] [--runs N] [--query TEXT]
 *
 * `--home` must hold a built index of its default corpus (default: the test
 * suite's prebuilt home, node_modules/.cache/quarry-test-home).
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

const ROOT = join(import.meta.dirname, '../..')
const { values } = parseArgs({
  options: {
    home: { type: 'string', default: join(ROOT, 'node_modules/.cache/quarry-test-home') },
    runs: { type: 'string', default: '5' },
    query: { type: 'string', default: 'What is a sector?' }
  }
})
const runs = Number(values.runs)
const main = join(ROOT, 'dist/cli/main.js')
if (!existsSync(main)) throw new Error('dist/cli/main.js is missing: run `npm run build` first')

function time (args: string[], env: Record<string, string> = {}): number {
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    const res = spawnSync(process.execPath, args, { env: { ...process.env, ...env }, encoding: 'utf8' })
    samples.push(performance.now() - t)
    if (res.status !== 0) throw new Error(`${args.join(' ')} failed (${res.status}): ${res.stderr}`)
  }
  samples.sort((a, b) => a - b)
  return samples[Math.floor(samples.length / 2)] ?? NaN
}

// no network, no Postgres store, no LLM: `ask` answers extractively
const env = { QUARRY_HOME: values.home ?? '', QUARRY_PEERS: '', QUARRY_GATEWAYS: '', QUARRY_LISTEN: '', QUARRY_STORE: '', QUARRY_LLM_BASE_URL: '', QUARRY_LLM_MODEL: '', QUARRY_GGUF: '' }
const loadBefore = loadavg()[0] ?? NaN
const rows: Array<[string, number]> = [['node -e 0 (baseline)', time(['-e', '0'])]]
rows.push(['quarry --help', time([main, '--help'])])
rows.push(['quarry search --help', time([main, 'search', '--help'])])
if (existsSync(values.home ?? '')) {
  rows.push(['quarry index list', time([main, 'index', 'list'], env)])
  rows.push(['quarry search --mode lexical', time([main, 'search', values.query ?? '', '--mode', 'lexical'], env)])
  rows.push(['quarry search (hybrid)', time([main, 'search', values.query ?? ''], env)])
  rows.push(['quarry ask (extractive)', time([main, 'ask', values.query ?? ''], env)])
} else {
  console.error(`no home at ${values.home}: skipping the search rows`)
}
const base = rows[0]?.[1] ?? 1
console.log(`median of ${runs} runs, ms; load average ${loadBefore.toFixed(1)} → ${(loadavg()[0] ?? NaN).toFixed(1)}\n`)
console.log('| command | ms | ratio to node -e 0 |\n|---|---|---|')
for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(0)} | ${(ms / base).toFixed(2)} |`)
