import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { open, readFile, stat, unlink } from 'node:fs/promises'
import { HomeLockedError } from './errors.js'

/** Options for {@link withFileLock} */
export interface FileLockOptions {
  /** Give up waiting after this many milliseconds. @default 60000 */
  timeoutMs?: number
  /** A lock older than this whose owner cannot be checked (another host) is stale. @default 120000 */
  staleMs?: number
  signal?: AbortSignal
}

interface LockOwner { pid: number, host: string, at: number, token: string }

const HOST = hostname()
/** An unreadable lock file older than this was left by a writer that died while creating it */
const TORN_MS = 2000

/** Whether a process id is alive on this host */
function alive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Whether the lock described by `text` is held by nobody any more */
function isStale (text: string, ageMs: number, staleMs: number): boolean {
  let owner: LockOwner
  try {
    owner = JSON.parse(text) as LockOwner
  } catch {
    // empty or torn: being written right now, or left by a writer killed between create and write
    return ageMs > TORN_MS
  }
  if (owner.host === HOST) return owner.pid !== process.pid ? !alive(owner.pid) : false
  return Date.now() - owner.at > staleMs
}

async function tryAcquire (file: string, owner: LockOwner): Promise<boolean> {
  try {
    const handle = await open(file, 'wx')
    try {
      await handle.writeFile(JSON.stringify(owner))
      await handle.sync()
    } finally {
      await handle.close()
    }
    return true
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw err
  }
}

/** A breaker's own lock (`<file>.break`) left by a breaker on another host counts as stale after this: breaking takes milliseconds */
const BREAK_STALE_MS = 10_000

/** The owner a lock file names, or undefined when it is empty, torn or gone */
async function readOwner (file: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LockOwner
  } catch {
    return undefined
  }
}

/** Remove a lock file only while it is still the one `token` took (a lock broken as stale and taken by another stays) */
async function release (file: string, token: string): Promise<void> {
  if ((await readOwner(file))?.token !== token) return
  await unlink(file).catch(() => {})
}

/**
 * Remove a stale lock whose content was `seen`. Breakers take turns through
 * their own lock (`<file>.break`), and each removes the lock only if it still
 * reads `seen`: a lock taken by a live process after another breaker removed
 * the stale one is never moved or overwritten (acquiring only ever creates the
 * file, `wx`). Returns false when another breaker is at work (wait, then look
 * again). A breaker that died holding `<file>.break` is recovered as a lock
 * holder is; the one race left needs that death and two breakers at once.
 */
async function breakStale (file: string, seen: string): Promise<boolean> {
  const breaker = `${file}.break`
  const token = randomBytes(8).toString('hex')
  if (!(await tryAcquire(breaker, { pid: process.pid, host: HOST, at: Date.now(), token }))) {
    const text = await readFile(breaker, 'utf8').catch(() => undefined)
    const age = Date.now() - ((await stat(breaker).catch(() => undefined))?.mtimeMs ?? Date.now())
    if (text != null && isStale(text, age, BREAK_STALE_MS)) await unlink(breaker).catch(() => {})
    return false
  }
  try {
    const now = await readFile(file, 'utf8').catch(() => undefined)
    if (now === seen) await unlink(file).catch(() => {})
    return true
  } finally {
    await release(breaker, token)
  }
}

/**
 * Run `fn` while holding an exclusive lock file (`open(…, 'wx')`), shared
 * between processes and within one process. A lock left by a process that
 * died (kill -9, crash) is recovered: its owner's pid is checked on this
 * host, and a lock from another host counts as stale after `staleMs`.
 *
 * @throws {HomeLockedError} when the lock is not free within `timeoutMs`
 */
export async function withFileLock<T> (file: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 60_000
  const staleMs = options.staleMs ?? 120_000
  const owner: LockOwner = { pid: process.pid, host: HOST, at: Date.now(), token: randomBytes(8).toString('hex') }
  const deadline = Date.now() + timeoutMs
  let wait = 2
  while (!(await tryAcquire(file, { ...owner, at: Date.now() }))) {
    options.signal?.throwIfAborted()
    const text = await readFile(file, 'utf8').catch(() => undefined)
    const age = Date.now() - ((await stat(file).catch(() => undefined))?.mtimeMs ?? Date.now())
    if (text != null && isStale(text, age, staleMs) && await breakStale(file, text)) continue
    if (Date.now() > deadline) {
      throw new HomeLockedError(`${file} is held by another Quarry process (${text ?? 'unknown owner'}); waited ${timeoutMs / 1000}s. If no other quarry is running, delete the file`)
    }
    await new Promise(resolve => setTimeout(resolve, wait + Math.random() * wait))
    wait = Math.min(wait * 2, 50)
  }
  try {
    return await fn()
  } finally {
    await release(file, owner.token)
  }
}
