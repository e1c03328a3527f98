import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { spawn } from 'node:child_process'
import { cp, mkdir, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { runCli } from './helpers/cli.js'
import { HAS_SHARED, ROOT, shared, tempDir } from './helpers/shared.js'

interface SearchJson { indexCid: string, results: Array<{ chunkCid: string, score: number, path: string }> }

async function dirSize (dir: string): Promise<number> {
  let total = 0
  for (const name of await readdir(dir).catch(() => [] as string[])) total += (await stat(join(dir, name))).size
  return total
}

describe.skipIf(!HAS_SHARED)('index lifecycle: build, crash, rebuild, CAR round trip', () => {
  let work: string
  let home: string
  let firstCid: string
  let cleanup: () => Promise<void>

  beforeAll(async () => {
    const t = await tempDir()
    cleanup = t.cleanup
    work = t.dir
    home = join(work, 'home')
    const pages = join(work, 'pages')
    await mkdir(pages)
    await cp(shared('corpora/filecoin-docs/basics/what-is-filecoin'), join(pages, 'what-is-filecoin'), { recursive: true })
    await cp(shared('corpora/filecoin-docs/basics/how-storage-works'), join(pages, 'how-storage-works'), { recursive: true })
    const add = await runCli(['corpus', 'add', pages, '--name', 'pages'], { home })
    expect(add.code, add.stderr).toBe(0)
    const build = await runCli(['index', 'build', 'pages'], { home, timeoutMs: 300_000 })
    expect(build.code, build.stderr).toBe(0)
    firstCid = build.stdout.trim()
    expect(firstCid).toMatch(/^bafy/)
  }, 400_000)
  afterAll(async () => cleanup())

  it('a build killed midway leaves earlier indexes loadable, and a re-run reuses cached embeddings', async () => {
    // a second corpus, so the killed build has fresh chunks to embed
    const more = join(work, 'more')
    await cp(shared('corpora/filecoin-docs/storage-providers'), more, { recursive: true }).catch(async () => {
      await cp(shared('corpora/filecoin-docs/nodes'), more, { recursive: true })
    })
    expect((await runCli(['corpus', 'add', more, '--name', 'more'], { home })).code).toBe(0)
    const cacheDir = join(home, 'embeddings')
    const before = await dirSize(cacheDir)
    const child = spawn(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'index', 'build', 'more'], { env: { ...process.env, QUARRY_HOME: home }, stdio: 'ignore' })
    const deadline = Date.now() + 240_000
    // kill it once some vectors are stored (64 KiB: ~30 of them; the native runtime embeds ~100 chunks a second)
    while (await dirSize(cacheDir) <= before + 65_536 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 50))
    child.kill('SIGKILL')
    await new Promise(resolve => child.once('close', resolve))
    expect(await dirSize(cacheDir)).toBeGreaterThan(before)

    const list = await runCli(['index', 'list', '--json'], { home })
    // progressive indexing registers each build's lexical-only index before its full one, so the killed build of
    // `more` left one; the earlier full index stays listed, and it is the only fully embedded one
    const entries = JSON.parse(list.stdout) as Array<{ cid: string, corpusName?: string, chunks: number, embedded?: number }>
    expect(entries.map(e => e.cid)).toContain(firstCid)
    expect(entries.some(e => e.corpusName === 'more')).toBe(true)
    for (const e of entries.filter(e => e.cid !== firstCid)) expect(e.embedded ?? e.chunks).toBeLessThan(e.chunks)
    const search = await runCli(['search', 'storage deal', '--index', firstCid, '--json'], { home })
    expect(search.code, search.stderr).toBe(0)
    expect((JSON.parse(search.stdout) as SearchJson).results.length).toBeGreaterThan(0)

    const rerun = await runCli(['index', 'build', 'more', '--json'], { home, timeoutMs: 400_000 })
    expect(rerun.code, rerun.stderr).toBe(0)
    const out = JSON.parse(rerun.stdout) as { manifest: { counts: { chunks: number } }, stats: { embeddingsReused: number } }
    expect(out.stats.embeddingsReused).toBeGreaterThan(0)
    expect(out.stats.embeddingsReused).toBeLessThanOrEqual(out.manifest.counts.chunks)
  }, 700_000)

  it('an index exported as a CAR loads on another node and returns identical results', async () => {
    const car = join(work, 'index.car')
    expect((await runCli(['corpus', 'export', firstCid, car], { home })).code).toBe(0)
    const other = join(work, 'other-home')
    const imp = await runCli(['corpus', 'add', car, '--name', 'index-copy'], { home: other })
    expect(imp.code, imp.stderr).toBe(0)
    expect(imp.stdout.trim()).toBe(firstCid)
    for (const mode of ['hybrid', 'dense', 'lexical']) {
      const a = JSON.parse((await runCli(['search', 'How are storage deals made?', '--index', firstCid, '--mode', mode, '-k', '8', '--json'], { home })).stdout) as SearchJson
      const b = JSON.parse((await runCli(['search', 'How are storage deals made?', '--index', firstCid, '--mode', mode, '-k', '8', '--json'], { home: other })).stdout) as SearchJson
      expect(b.indexCid).toBe(firstCid)
      expect(b.results).toEqual(a.results)
    }
  }, 300_000)
})
