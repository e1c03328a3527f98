import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, it, expect } from 'vitest'
import { CID } from 'multiformats/cid'
import { openQuarrySession } from '../session/index.js'
import { runCli } from './helpers/cli.js'
import { useTempDir, writeFolder } from './helpers/temp-dir.js'

/** A tiny markdown corpus in `dir` */
async function smallCorpus (dir: string, i: number, extra = ''): Promise<string> {
  return writeFolder(dir, { 'page.md': `# Page ${i}\n\nCorpus number ${i} says that sector ${i} holds ${i * 8} GiB of data.${extra}\n` })
}

describe('one home, many writers', () => {
  const work = useTempDir('quarry-writers-')

  it('12 concurrent `quarry corpus add` processes on one home lose nothing', async () => {
    const home = join(work.dir, 'home-add')
    const folders = await Promise.all(Array.from({ length: 12 }, async (_, i) => smallCorpus(join(work.dir, `src-${i}`), i)))
    const runs = await Promise.all(folders.map(async (f, i) => runCli(['corpus', 'add', f, '--name', `c${i}`], { home, timeoutMs: 110_000 })))
    for (const r of runs) expect(r.code, r.stderr).toBe(0)
    const registry = JSON.parse(await readFile(join(home, 'corpora.json'), 'utf8')) as { entries: Array<{ name: string, cid: string }> }
    expect(registry.entries.map(e => e.name).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `c${i}`).sort())
    expect(new Set(registry.entries.map(e => e.cid)).size).toBe(12)
    const session = await openQuarrySession({ home })
    try {
      for (const e of registry.entries) expect(await (await session.node.start()).helia.pins.isPinned(CID.parse(e.cid)), e.name).toBe(true)
    } finally {
      await session.close()
    }
  }, 120_000)

  it('concurrent index builds on one home register every index and share the embedding cache', async () => {
    const home = join(work.dir, 'home-build')
    const sessions = await Promise.all([0, 1, 2].map(async () => openQuarrySession({ home })))
    try {
      const first = sessions[0] ?? (() => { throw new Error('no session') })()
      for (const i of [0, 1, 2]) await first.corpora.add(await smallCorpus(join(work.dir, `b-${i}`), i), { name: `b${i}` })
      const built = await Promise.all(sessions.map(async (s, i) => s.indexes.build(`b${i}`, { embedder: await s.embedder('use') })))
      const registry = JSON.parse(await readFile(join(home, 'indexes.json'), 'utf8')) as { entries: Array<{ cid: string }> }
      expect(registry.entries.map(e => e.cid).sort()).toEqual(built.map(b => b.cid.toString()).sort())
      // a later build of any of them takes every vector from the cache
      const again = await first.indexes.build('b2', { embedder: await first.embedder('use') })
      expect(again.stats.embeddingsReused).toBe(again.manifest.counts.chunks)
      expect(again.cid.toString()).toBe(built[2]?.cid.toString())
    } finally {
      for (const s of sessions) await s.close()
    }
  }, 120_000)

  it('an index resolves by corpus CID: after `corpus add` moves a name, search sees the new text', async () => {
    const home = join(work.dir, 'home-move')
    const folder = await smallCorpus(join(work.dir, 'moving'), 7)
    const first = await runCli(['corpus', 'add', folder, '--name', 'docs'], { home })
    expect(first.code, first.stderr).toBe(0)
    const before = await runCli(['search', 'how much data does the sector hold', '--corpus', 'docs', '--json'], { home, timeoutMs: 110_000 })
    expect(before.code, before.stderr).toBe(0)
    expect(before.stdout).toContain('56 GiB')
    await smallCorpus(folder, 7, ' Since the upgrade it holds 64 GiB.')
    const second = await runCli(['corpus', 'add', folder, '--name', 'docs'], { home })
    expect(second.code, second.stderr).toBe(0)
    expect(second.stderr).toContain(`moved docs: ${first.stdout.trim()} → ${second.stdout.trim()}`)
    const after = await runCli(['search', 'how much data does the sector hold', '--corpus', 'docs', '--json'], { home, timeoutMs: 110_000 })
    expect(after.code, after.stderr).toBe(0)
    expect(after.stdout).toContain('Since the upgrade it holds 64 GiB')
    expect((JSON.parse(after.stdout) as { corpusCid: string }).corpusCid).toBe(second.stdout.trim())
  }, 240_000)
})
