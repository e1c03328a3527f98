/**
 * `node --import tsx bench/faults/crash.ts [--points 20] [--phase add|fetch|build ...]` (after `npm run build`)
 *
 * Crash safety: runs `quarry corpus add`, `quarry corpus fetch` (from a
 * loopback gateway) and `quarry index build` as child processes, kills each
 * with SIGKILL at `points` moments spread over its measured run time, then
 * checks the home: registries parse, every registered corpus and index is
 * pinned and re-hashes (verifyDag), the same command re-run succeeds, and a
 * re-run index build takes embeddings from the cache the killed one wrote.
 * Finally `quarry ask` + `quarry verify` must pass on the crashed-and-rerun
 * home. Prints counts; exit code 1 on any inconsistency.
 */
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { CID } from 'multiformats/cid'
import { createQuarryNode, hasPin, serveGateway, verifyDag } from '../../corpora/index.js'

const { values } = parseArgs({ options: { points: { type: 'string', default: '20' }, phase: { type: 'string', multiple: true } } })
const POINTS = Number(values.points)
const PHASES = new Set(values.phase ?? ['add', 'fetch', 'build'])
for (const p of PHASES) if (!['add', 'fetch', 'build'].includes(p)) throw new Error(`--phase must be add, fetch or build, not "${p}"`)
const CLI = join(import.meta.dirname, '../../dist/cli/main.js')
const work = await mkdtemp(join(tmpdir(), 'quarry-crash-'))
const problems: string[] = []

interface Run { code: number | null, stdout: string, stderr: string, ms: number, killed: boolean, armedAtMs?: number }

/**
 * Run the CLI; with `killAfterMs`, SIGKILL it then (if it is still running). With `armed`, the kill clock starts
 * only once `armed()` (polled every 25 ms) says yes, e.g. once the run has written something to the home.
 */
async function cli (args: string[], home: string, killAfterMs?: number, armed?: () => Promise<boolean>): Promise<Run> {
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, QUARRY_HOME: home, QUARRY_PEERS: '', QUARRY_GATEWAYS: '', QUARRY_LISTEN: '' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let killed = false
    let armedAtMs: number | undefined
    let timer: NodeJS.Timeout | undefined
    const arm = (): void => {
      armedAtMs = Date.now() - started
      if (killAfterMs != null) timer = setTimeout(() => { killed = child.exitCode == null; child.kill('SIGKILL') }, killAfterMs)
    }
    child.stdout.on('data', d => { stdout += String(d) })
    child.stderr.on('data', d => { stderr += String(d) })
    if (armed == null) arm()
    else {
      const poll = async (): Promise<void> => {
        if (child.exitCode != null) return
        if (await armed()) arm()
        else timer = setTimeout(() => { void poll() }, 25)
      }
      void poll()
    }
    child.on('close', code => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr, ms: Date.now() - started, killed, ...(armedAtMs != null ? { armedAtMs } : {}) })
    })
  })
}

/** Total bytes of the files under `dir` (0 when it does not exist) */
async function dirSize (dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
  let total = 0
  for (const e of entries) if (e.isFile()) total += (await stat(join(e.parentPath, e.name)).catch(() => ({ size: 0 }))).size
  return total
}

/** Registries parse; every registered corpus and index is pinned and every block re-hashes */
async function checkHome (home: string, label: string): Promise<void> {
  const read = async (file: string): Promise<Array<{ cid: string, name?: string }>> => {
    const text = await readFile(join(home, file), 'utf8').catch(() => undefined)
    if (text == null) return []
    try {
      return (JSON.parse(text) as { entries: Array<{ cid: string }> }).entries
    } catch (err) {
      problems.push(`${label}: ${file} does not parse: ${(err as Error).message}`)
      return []
    }
  }
  const entries = [...await read('corpora.json'), ...await read('indexes.json')]
  const node = await createQuarryNode({ home })
  try {
    for (const e of entries) {
      const cid = CID.parse(e.cid)
      // the pin record, not Helia's isPinned (which a half-made pin fools: see corpora/pin-state.ts)
      if (!(await hasPin(node.helia, cid))) problems.push(`${label}: ${e.name ?? e.cid} is registered but not pinned`)
      await verifyDag(node.helia, cid).catch((err: Error) => problems.push(`${label}: ${e.name ?? e.cid} does not verify: ${err.message}`))
    }
  } finally {
    await node.stop()
  }
}

/** A small markdown corpus; `variant` changes every file so each import and build has new work */
async function makeCorpus (dir: string, variant: number, files = 40): Promise<string> {
  await mkdir(join(dir, 'guide'), { recursive: true })
  for (let f = 0; f < files; f++) {
    const body = Array.from({ length: 12 }, (_, p) => `Paragraph ${p} of page ${f} in variant ${variant}: storage providers seal sectors of ${32 + f} GiB and clients pay ${p + variant} FIL per deal for ${180 + p} days.`).join('\n\n')
    await writeFile(join(dir, f % 2 === 0 ? 'guide' : '.', `page-${f}.md`), `# Page ${f}\n\n${body}\n`)
  }
  return dir
}

interface Counts { kills: number, killedMidway: number, rerunsOk: number, reusedOnRerun?: number }
const counts: Record<string, Counts> = {}

/**
 * Runs `command` once to measure it, then kills it at `POINTS` moments spread over that time (with `armed`, over the
 * time from when `armed()` first says yes to the end). A run that ends before its kill (machines are not steady) is
 * retried with a new `command(i)` at an earlier moment, up to 3 times per point, so the count of runs actually killed
 * mid-run is what the phase reports. After every kill the home is checked, the same command is rerun and must
 * succeed, and the home is checked again; `after` sees each rerun and whether its predecessor was killed mid-run.
 */
async function phase (name: string, home: string, command: (i: number) => Promise<string[]>, after?: (i: number, rerun: Run, afterKill: boolean) => Promise<void>, armed?: () => () => Promise<boolean>): Promise<void> {
  const c: Counts = (counts[name] = { kills: 0, killedMidway: 0, rerunsOk: 0 })
  // measured twice, the second run timed: the first in a fresh home also pays for creating it
  const first = await cli(await command(-2), home)
  if (first.code !== 0) throw new Error(`${name} first run failed: ${first.stderr}`)
  const baseline = await cli(await command(-1), home, undefined, armed?.())
  if (baseline.code !== 0) throw new Error(`${name} baseline failed: ${baseline.stderr}`)
  const span = baseline.ms - (baseline.armedAtMs ?? 0)
  await after?.(-1, baseline, false)
  for (let i = 0; i < POINTS; i++) {
    let shrink = 0.9
    for (let attempt = 0; attempt < 3; attempt++, shrink *= 0.6) {
      const args = await command(i)
      const at = Math.round(span * shrink * (i + 0.5) / POINTS)
      const killed = await cli(args, home, at, armed?.())
      c.kills++
      if (killed.killed) c.killedMidway++
      await checkHome(home, `${name} after kill #${i} at ${at} ms`)
      const rerun = await cli(args, home)
      if (rerun.code === 0) c.rerunsOk++
      else problems.push(`${name} #${i}: rerun failed: ${rerun.stderr.slice(0, 300)}`)
      await checkHome(home, `${name} after rerun #${i}`)
      await after?.(i, rerun, killed.killed)
      if (killed.killed) break
    }
  }
  console.log(`${name}: baseline ${baseline.ms} ms${baseline.armedAtMs != null ? ` (kills spread over the ${span} ms after its first embedding-cache write)` : ''}; ${c.kills} kill -9 runs, ${c.killedMidway} killed mid-run (target ${POINTS}), ${c.rerunsOk} reruns succeeded`)
}

try {
  // corpus add: a new variant of the folder each time, under a few names
  const addHome = join(work, 'add-home')
  if (PHASES.has('add')) await phase('corpus add', addHome, async i => ['corpus', 'add', await makeCorpus(join(work, `add-${i + 2}`), i + 2), '--name', `c${(i + 2) % 3}`])

  // corpus fetch: from a loopback gateway; after each rerun the corpus is removed and collected, so the next kill has work
  if (PHASES.has('fetch')) {
    const source = await createQuarryNode({ home: join(work, 'source-home') })
    const { addFolder } = await import('../../corpora/index.js')
    const { cid } = await addFolder(source, await makeCorpus(join(work, 'fetch-src'), 0, 120))
    const gateway = await serveGateway(source.helia)
    const fetchHome = join(work, 'fetch-home')
    try {
      await phase('corpus fetch', fetchHome, async () => ['corpus', 'fetch', cid.toString(), '--gateway', gateway.url, '--name', 'fetched'], async () => {
        const rm = await cli(['corpus', 'rm', 'fetched'], fetchHome)
        const gc = await cli(['gc'], fetchHome)
        if (rm.code !== 0 || gc.code !== 0) problems.push(`corpus fetch: rm/gc failed: ${rm.stderr}${gc.stderr}`)
      })
    } finally {
      await gateway.close()
      await source.stop()
    }
  }

  // index build: a new corpus variant each time, so the killed build has embeddings to compute and cache
  if (PHASES.has('build')) {
    const buildHome = join(work, 'build-home')
    let corpusName = ''
    let buildVariant = 0
    const c = { reused: 0, afterKill: 0 }
    await phase('index build', buildHome, async (i) => {
      // a new variant on every call (a retried point too), so each build has chunks no earlier build embedded
      corpusName = `b${++buildVariant}`
      const add = await cli(['corpus', 'add', await makeCorpus(join(work, `build-${buildVariant}`), 100 + buildVariant, 24), '--name', corpusName], buildHome)
      if (add.code !== 0) problems.push(`index build: corpus add failed: ${add.stderr}`)
      return ['index', 'build', corpusName, '--json']
    }, async (i, rerun, afterKill) => {
      if (i < 0 || !afterKill) return
      c.afterKill++
      const out = JSON.parse(rerun.stdout || '{}') as { stats?: { embeddingsReused: number } }
      if ((out.stats?.embeddingsReused ?? 0) > 0) c.reused++
    }, () => {
      // kill only once this build has cached embeddings, so every rerun has something to resume from
      const cache = join(buildHome, 'embeddings')
      let before: number | undefined
      return async () => {
        const size = await dirSize(cache)
        before ??= size
        return size > before
      }
    })
    ;(counts['index build'] as Counts).reusedOnRerun = c.reused
    console.log(`index build: ${c.reused} of ${c.afterKill} reruns after a mid-run kill resumed from embeddings the killed build had cached`)

    // the crashed-and-rerun home still answers with citations that verify
    const ask = await cli(['ask', 'How many days do clients pay for a deal?', '--corpus', corpusName, '--json'], buildHome)
    if (ask.code !== 0) problems.push(`ask failed: ${ask.stderr}`)
    else {
      await writeFile(join(work, 'answer.json'), ask.stdout)
      const verify = await cli(['verify', join(work, 'answer.json')], buildHome)
      console.log(`verify on the crashed home: exit ${verify.code}, ${verify.stdout.trim().split('\n').at(-1) ?? ''}`)
      if (verify.code !== 0) problems.push(`verify failed: ${verify.stdout}`)
    }
  }
} finally {
  await rm(work, { recursive: true, force: true })
}
console.log(JSON.stringify(counts))
if (problems.length > 0) {
  console.log(`${problems.length} problems:`)
  for (const p of problems.slice(0, 30)) console.log(`  ${p}`)
  process.exitCode = 1
} else {
  console.log('home consistent after every kill')
}
