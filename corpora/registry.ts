import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { InvalidCorpusNameError } from './errors.js'

/** A named corpus known to this Quarry home */
export interface CorpusEntry {
  name: string
  /** Root CID string */
  cid: string
  /** Where it came from: a folder, a CAR file, `fetch` (peers/gateways) */
  source: string
  files: number
  /** Documents loaded from the files (JSON records count one each) */
  documents?: number
  /** Files skipped as binary/unsupported */
  skipped?: number
  bytes: number
  addedAt: string
}

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$/

/**
 * Validate a corpus name.
 *
 * @throws {InvalidCorpusNameError}
 */
export function checkCorpusName (name: string): string {
  if (!NAME.test(name)) {
    throw new InvalidCorpusNameError(`Corpus name "${name}" is not allowed: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit`)
  }
  return name
}

/**
 * A small JSON registry file holding a list of entries. Writes go to a
 * temporary file that is renamed over the old one, so a crash mid-write
 * never corrupts the registry.
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

  /** Insert or replace an entry by key */
  async put (entry: T): Promise<void> {
    const entries = (await this.list()).filter(e => e[this.key] !== entry[this.key])
    entries.push(entry)
    await mkdir(dirname(this.file), { recursive: true })
    const tmp = `${this.file}.tmp-${process.pid}-${Date.now()}`
    await writeFile(tmp, JSON.stringify({ version: 1, entries }, null, 2) + '\n')
    await rename(tmp, this.file)
  }
}
