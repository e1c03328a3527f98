import { mkdir, open, readFile, rename } from 'node:fs/promises'
import { dirname } from 'node:path'
import { withFileLock } from './file-lock.js'

/**
 * A small JSON registry file holding a list of entries. Every change is a
 * read-modify-write under an exclusive lock file (`<file>.lock`, shared by
 * all processes on the home, recovered when its holder died), written to a
 * temporary file that is fsynced and renamed over the old one (and the
 * folder fsynced), so concurrent writers lose nothing and a crash mid-write
 * leaves the old or the new registry, never a torn one.
 */
export class JsonList<T> {
  constructor (private readonly file: string, private readonly key: keyof T) {}

  /** All entries */
  async list (): Promise<T[]> {
    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw err
    }
    const parsed = JSON.parse(text) as { version: number, entries: T[] }
    return parsed.entries
  }

  /** Find one entry by key */
  async get (key: string): Promise<T | undefined> {
    return (await this.list()).find(e => String(e[this.key]) === key)
  }

  /** Insert or replace an entry by key; returns the entry it replaced */
  async put (entry: T): Promise<T | undefined> {
    return this.update(entries => {
      const previous = entries.find(e => e[this.key] === entry[this.key])
      return { entries: [...entries.filter(e => e[this.key] !== entry[this.key]), entry], result: previous }
    })
  }

  /** Remove the entries `match` selects; returns them */
  async remove (match: (entry: T) => boolean): Promise<T[]> {
    return this.update(entries => ({ entries: entries.filter(e => !match(e)), result: entries.filter(match) }))
  }

  /** Read, change and write the entries atomically with respect to other writers */
  async update<R> (change: (entries: T[]) => { entries: T[], result: R }): Promise<R> {
    await mkdir(dirname(this.file), { recursive: true })
    return withFileLock(`${this.file}.lock`, async () => {
      const { entries, result } = change(await this.list())
      const tmp = `${this.file}.tmp-${process.pid}-${Date.now()}`
      const handle = await open(tmp, 'w')
      try {
        await handle.writeFile(JSON.stringify({ version: 1, entries }, null, 2) + '\n')
        await handle.sync()
      } finally {
        await handle.close()
      }
      await rename(tmp, this.file)
      await fsyncDir(dirname(this.file))
      return result
    })
  }
}

/** fsync a folder so a rename in it survives a power loss */
export async function fsyncDir (dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined)
  if (handle == null) return
  try {
    await handle.sync().catch(() => {})
  } finally {
    await handle.close()
  }
}
