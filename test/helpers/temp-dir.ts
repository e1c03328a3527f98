import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { tempDir } from './shared.js'

/**
 * A temporary folder for one `describe` block: made in `beforeAll`, removed
 * in `afterAll`. Read `.dir` inside the tests.
 */
export function useTempDir (prefix = 'quarry-test-'): { readonly dir: string } {
  let made: { dir: string, cleanup: () => Promise<void> } | undefined
  beforeAll(async () => { made = await tempDir(prefix) })
  afterAll(async () => { await made?.cleanup() })
  return {
    get dir () {
      if (made == null) throw new Error('useTempDir: the folder exists only inside the tests of its describe block')
      return made.dir
    }
  }
}

/** Write `files` (path relative to `dir` → text) into `dir`, making folders as needed; returns `dir` */
export async function writeFolder (dir: string, files: Record<string, string>): Promise<string> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true })
    await writeFile(join(dir, name), text)
  }
  await mkdir(dir, { recursive: true })
  return dir
}
