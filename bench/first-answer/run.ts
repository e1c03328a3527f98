/**
 * bench/first-answer: how long after `quarry corpus add` the first cited
 * answer comes, on a fresh home (no index yet: `quarry ask` builds the
 * lexical index and answers from it at once; dense embedding is left to
 * `quarry index build` or a long-lived `chat`/`mcp`). Runs the built CLI as a
 * user would and prints each step's wall time and the load average, since
 * the machine may be shared.
 *
 *   npm run build && node --import tsx bench/first-answer/run.ts [--folder DIR] [--question TEXT]
 *
 * Default: all 2,110 JFK records (../shared/corpora/jfk-2025-0318/docs).
 */
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

const ROOT = join(import.meta.dirname, '../..')
const { values } = parseArgs({
  options: {
    folder: { type: 'string', default: join(ROOT, '../shared/corpora/jfk-2025-0318/docs') },
    question: { type: 'string', default: 'What happened in the audio surveillance of Manuel Artime at the Bethesda safehouse?' }
  }
})
const home = await mkdtemp(join(tmpdir(), 'quarry-first-answer-'))
const env = { ...process.env, QUARRY_HOME: home, QUARRY_PEERS: '', QUARRY_GATEWAYS: '', QUARRY_LISTEN: '', QUARRY_LLM_BASE_URL: '', QUARRY_LLM_MODEL: '', QUARRY_GGUF: '' }
const run = (args: string[]): { s: number, stdout: string, stderr: string } => {
  const t = performance.now()
  const res = spawnSync(process.execPath, [join(ROOT, 'dist/cli/main.js'), ...args], { env, encoding: 'utf8', maxBuffer: 64 << 20 })
  if (res.status !== 0) throw new Error(`quarry ${args.join(' ')} failed: ${res.stderr}`)
  return { s: (performance.now() - t) / 1000, stdout: res.stdout, stderr: res.stderr }
}
try {
  const load = loadavg()[0]?.toFixed(1)
  const add = run(['corpus', 'add', values.folder ?? '', '--name', 'jfk'])
  const ask = run(['ask', values.question ?? '', '--corpus', 'jfk', '--json'])
  const record = JSON.parse(ask.stdout) as { abstained: boolean, citations: Array<{ path?: string }> }
  const again = run(['ask', values.question ?? '', '--corpus', 'jfk', '--json'])
  console.log(`load average at start: ${load} (${process.env.QUARRY_EMBED_THREADS ?? 'default'} embed threads)`)
  console.log('| step | wall (s) |\n|---|---|')
  console.log(`| quarry corpus add (import + pin) | ${add.s.toFixed(1)} |`)
  console.log(`| first quarry ask (builds + pins the lexical index, answers) | ${ask.s.toFixed(1)} |`)
  console.log(`| second quarry ask (index exists) | ${again.s.toFixed(1)} |`)
  console.log(`first answer: ${record.abstained ? 'abstained' : `${record.citations.length} citations, first in ${record.citations[0]?.path ?? '?'}`}`)
  console.log(`stderr note: ${ask.stderr.trim().split('\n').filter(l => l.startsWith('note:')).join(' ')}`)
} finally {
  await rm(home, { recursive: true, force: true })
}
