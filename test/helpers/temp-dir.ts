import { copyFile, mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { ROOT, tempDir } from './shared.js'

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

/** Copy `files` of the embedded Filecoin docs (paths under data/filecoin-docs) into `dir`, flattened (`a/b.md` → `a_b.md`); returns `dir` */
export async function filecoinDocsFolder (dir: string, files: readonly string[]): Promise<string> {
  await mkdir(dir, { recursive: true })
  for (const f of files) await copyFile(join(ROOT, 'data/filecoin-docs', f), join(dir, f.replaceAll('/', '_')))
  return dir
}
