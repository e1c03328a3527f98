import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Project root */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** The shared data folder (`QUARRY_SHARED` or `../shared`) */
export const SHARED = resolve(process.env.QUARRY_SHARED ?? join(ROOT, '../shared'))

/** True when shared data is present; tests that need it skip otherwise */
export const HAS_SHARED = existsSync(join(SHARED, 'README.md'))

if (!HAS_SHARED) {
  console.warn(`[quarry tests] shared data not found at ${SHARED}: set QUARRY_SHARED or put shared/ beside the project; tests that need it are skipped`)
}

/** Path inside shared/ */
export function shared (...parts: string[]): string {
  return join(SHARED, ...parts)
}

/** A fresh temporary folder, removed by the returned cleanup */
export async function tempDir (prefix = 'quarry-test-'): Promise<{ dir: string, cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  return { dir, cleanup: async () => rm(dir, { recursive: true, force: true }) }
}
