import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { cp, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { runCli } from './helpers/cli.js'
import { ROOT, tempDir } from './helpers/shared.js'

/**
 * Issue 22 item 4: the same corpus, embedder and settings give one index CID
 * whichever path builds the index — `quarry index build`, the background
 * filling of `quarry chat` (the same `indexes.complete` as `quarry mcp` and
 * `quarry serve`), a build resumed after Ctrl-C or kill -9, and a partly
 * embedded index completed later. Real CLI, real USE embedder (onnxruntime),
 * on ~250 chunks of the embedded Filecoin docs.
 */

const env = { QUARRY_PEERS: '', QUARRY_GATEWAYS: '', QUARRY_LISTEN: '', QUARRY_ROUTING: '', QUARRY_LLM_BASE_URL: '', QUARRY_LLM_MODEL: '', QUARRY_GGUF: '', QUARRY_PROGRESS_INTERVAL_MS: '0' }

function quarry (home: string, args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [join(ROOT, 'dist/cli/main.js'), ...args], { cwd: ROOT, env: { ...process.env, ...env, QUARRY_HOME: home }, stdio: ['pipe', 'pipe', 'pipe'] })
}

async function dirSize (dir: string): Promise<number> {
  let total = 0
  // a lock file can go between the listing and its stat
  for (const name of await readdir(dir).catch(() => [] as string[])) total += (await stat(join(dir, name)).catch(() => ({ size: 0 }))).size
  return total
}

/** Start `quarry index build corpus`, send `signal` once some of its embeddings are in the cache, and return its stderr and exit code */
async function interruptedBuild (home: string, signal: NodeJS.Signals): Promise<{ code: number | null, stderr: string }> {
  const cache = join(home, 'embeddings')
  const before = await dirSize(cache)
  const child = quarry(home, ['index', 'build', 'corpus'])
  let stderr = ''
  child.stderr.on('data', d => { stderr += String(d) })
  child.stdin.end()
  const closed = new Promise<number | null>(resolve => child.once('close', resolve))
  const deadline = Date.now() + 240_000
  // more than one batch of vectors is stored (a batch is 64 vectors of 2 KiB; 192 KiB is past the first batch, so
  // at least one batch is counted as embedded when the stop comes, on a fast machine too)
  while (child.exitCode === null && await dirSize(cache) <= before + 196_608 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 10))
  child.kill(signal)
  return { code: await closed, stderr }
}

/** `quarry chat` over the corpus with piped input: wait until its background filling pins the full index, then /quit; returns that CID */
async function chatFill (home: string): Promise<string> {
  const child = quarry(home, ['chat', '--corpus', 'corpus', '--no-history'])
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', d => { stderr += String(d) })
  const cid = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`chat did not complete the index: ${stdout}\n${stderr}`)) }, 300_000)
    child.stdout.on('data', d => {
      stdout += String(d)
      const m = /dense index complete \((b[a-z2-7]+)\)/.exec(stdout)
      if (m?.[1] != null) { clearTimeout(timer); resolve(m[1]) }
    })
    child.once('close', code => { clearTimeout(timer); reject(new Error(`chat exited (${code}) before completing the index: ${stdout}\n${stderr}`)) })
  })
  child.stdin.end('/quit\n')
  await new Promise(resolve => child.once('close', resolve))
  return cid
}

describe('one index CID for one input, on every path', () => {
  let work: string
  let corpus: string
  let reference: string
  let cleanup: () => Promise<void>

  /** A fresh home with the corpus added */
  const home = async (name: string): Promise<string> => {
    const h = join(work, name)
    const add = await runCli(['corpus', 'add', corpus, '--name', 'corpus'], { home: h })
    expect(add.code, add.stderr).toBe(0)
    return h
  }

  beforeAll(async () => {
    const t = await tempDir('quarry-one-cid-')
    cleanup = t.cleanup
    work = t.dir
    corpus = join(work, 'docs')
    for (const part of ['the-blockchain', 'project-and-community']) await cp(join(ROOT, 'data/filecoin-docs/basics', part), join(corpus, part), { recursive: true })
    const build = await runCli(['index', 'build', 'corpus', '--json'], { home: await home('reference'), timeoutMs: 300_000 })
    expect(build.code, build.stderr).toBe(0)
    const out = JSON.parse(build.stdout) as { cid: string, manifest: { counts: { chunks: number } } }
    expect(out.manifest.counts.chunks).toBeGreaterThan(150)
    reference = out.cid
  }, 400_000)
  afterAll(async () => cleanup?.())

  it('quarry chat\'s background filling of a lexical-only index pins the CID `quarry index build` gives', async () => {
    const h = await home('chat')
    expect(await chatFill(h)).toBe(reference)
  }, 400_000)

  it('a build stopped by Ctrl-C and resumed, and its partial index completed by chat instead, both give that CID', async () => {
    const h = await home('ctrl-c')
    const stopped = await interruptedBuild(h, 'SIGINT')
    expect(stopped.code, stopped.stderr).toBe(130)
    const m = /interrupted: index (b[a-z2-7]+) registered with (\d+) of (\d+) chunks embedded/.exec(stopped.stderr)
    expect(m, stopped.stderr).not.toBeNull()
    // the stop can come before a batch is counted in the index (its vectors are in the cache already): 0 or more embedded, never all
    expect(Number(m?.[2])).toBeLessThan(Number(m?.[3]))
    expect(m?.[1]).not.toBe(reference)
    // the same partial home twice: one resumes the build, the other lets chat load the partial index and fill it
    const other = join(work, 'ctrl-c-chat')
    await cp(h, other, { recursive: true })
    const resumed = await runCli(['index', 'build', 'corpus', '--json'], { home: h, timeoutMs: 300_000 })
    expect(resumed.code, resumed.stderr).toBe(0)
    const out = JSON.parse(resumed.stdout) as { cid: string, stats: { embeddingsReused: number } }
    // the vectors embedded before the stop come from the cache
    expect(out.stats.embeddingsReused).toBeGreaterThan(0)
    expect(out.stats.embeddingsReused).toBeGreaterThanOrEqual(Number(m?.[2]))
    expect(out.cid).toBe(reference)
    expect(await chatFill(other)).toBe(reference)
  }, 600_000)

  it('a build killed with kill -9 and run again gives that CID', async () => {
    const h = await home('kill-9')
    const killed = await interruptedBuild(h, 'SIGKILL')
    expect(killed.code).toBeNull()
    const rerun = await runCli(['index', 'build', 'corpus', '--json'], { home: h, timeoutMs: 300_000 })
    expect(rerun.code, rerun.stderr).toBe(0)
    const out = JSON.parse(rerun.stdout) as { cid: string, stats: { embeddingsReused: number } }
    expect(out.stats.embeddingsReused).toBeGreaterThan(0)
    expect(out.cid).toBe(reference)
  }, 600_000)
})
