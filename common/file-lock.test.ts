import { spawnSync } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it, expect, beforeEach, afterEach } from 'vitest'
import { withFileLock } from './file-lock.js'
import { JsonList } from './json-list.js'

describe('withFileLock', () => {
  let dir: string
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'quarry-lock-')) })
  afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

  it('runs holders one at a time', async () => {
    const lock = join(dir, 'x.lock')
    let inside = 0
    let most = 0
    await Promise.all(Array.from({ length: 8 }, async () => withFileLock(lock, async () => {
      inside++
      most = Math.max(most, inside)
      await new Promise(resolve => setTimeout(resolve, 5))
      inside--
    })))
    expect(most).toBe(1)
  })

  it('recovers a lock left by a process that died, and an empty (torn) lock file', async () => {
    const lock = join(dir, 'x.lock')
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString()
    await writeFile(lock, JSON.stringify({ pid: Number(dead), host: hostname(), at: Date.now(), token: 't' }))
    expect(await withFileLock(lock, async () => 'got it', { timeoutMs: 2000 })).toBe('got it')
    await writeFile(lock, '')
    const old = new Date(Date.now() - 10_000)
    await utimes(lock, old, old)
    expect(await withFileLock(lock, async () => 'again', { timeoutMs: 2000 })).toBe('again')
    // a breaker that died while breaking a stale lock leaves its own lock: both are recovered
    await writeFile(lock, JSON.stringify({ pid: Number(dead), host: hostname(), at: Date.now(), token: 't2' }))
    await writeFile(`${lock}.break`, JSON.stringify({ pid: Number(dead), host: hostname(), at: Date.now(), token: 't3' }))
    expect(await withFileLock(lock, async () => 'third', { timeoutMs: 2000 })).toBe('third')
    expect(await readdir(dir)).toEqual([])
  })

  it('leaves alone a lock that is no longer its own when it releases', async () => {
    const lock = join(dir, 'x.lock')
    const other = JSON.stringify({ pid: process.ppid, host: 'elsewhere', at: Date.now(), token: 'theirs' })
    // while the holder works, its lock is broken (taken for stale from another host) and taken by someone else
    await withFileLock(lock, async () => { await writeFile(lock, other) })
    expect(await readFile(lock, 'utf8')).toBe(other)
  })

  it('keeps holders one at a time while many break the same dead lock', async () => {
    const lock = join(dir, 'x.lock')
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString()
    for (let round = 0; round < 100; round++) {
      await writeFile(lock, JSON.stringify({ pid: Number(dead), host: hostname(), at: Date.now(), token: `dead-${round}` }))
      let inside = 0
      let most = 0
      await Promise.all(Array.from({ length: 12 }, async () => withFileLock(lock, async () => {
        inside++
        most = Math.max(most, inside)
        await new Promise(resolve => setImmediate(resolve))
        inside--
      }, { timeoutMs: 10_000 })))
      expect(most, `round ${round}`).toBe(1)
    }
    expect(await readdir(dir)).toEqual([])
  })

  it('times out with a clear error while a live process holds it', async () => {
    const lock = join(dir, 'x.lock')
    await writeFile(lock, JSON.stringify({ pid: process.ppid, host: hostname(), at: Date.now(), token: 't' }))
    const err = await withFileLock(lock, async () => 1, { timeoutMs: 100 }).catch((e: Error) => e)
    expect((err as Error).name).toBe('HomeLockedError')
    expect((err as Error).message).toMatch(/held by another Quarry process/)
  })
})

describe('JsonList under concurrent writers', () => {
  it('keeps every entry when many writers put at once, and returns what a put replaced', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'quarry-reg-'))
    try {
      const file = join(dir, 'corpora.json')
      const lists = Array.from({ length: 12 }, () => new JsonList<{ name: string, cid: string }>(file, 'name'))
      await Promise.all(lists.map(async (l, i) => l.put({ name: `c${i}`, cid: `v1-${i}` })))
      expect((await lists[0]?.list())?.map(e => e.name).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `c${i}`).sort())
      expect(await lists[0]?.put({ name: 'c3', cid: 'v2-3' })).toEqual({ name: 'c3', cid: 'v1-3' })
      expect(JSON.parse(await readFile(file, 'utf8')).entries).toHaveLength(12)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
