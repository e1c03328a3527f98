import '../corpora/index.js'
import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ROOT } from './helpers/shared.js'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A Quarry home with the embedded Filecoin docs imported and indexed (real USE embedder) */
    quarryTestHome: string
  }
}

/** Hash of the code that shapes an index, so a cached test home is rebuilt when it changes (front doors only re-export, so they do not count) */
async function sourceHash (): Promise<string> {
  const hash = createHash('sha256')
  for (const dir of ['corpora', 'indexes']) {
    const names = (await readdir(join(ROOT, dir), { recursive: true }))
      .filter(n => n.endsWith('.ts') && !n.endsWith('.test.ts') && !n.includes('test-fixtures') && n !== 'index.ts' && !n.endsWith('/index.ts'))
      .sort()
    for (const n of names) hash.update(n).update(await readFile(join(ROOT, dir, n)))
  }
  return hash.digest('hex').slice(0, 16)
}

/**
 * Build the Filecoin docs index once for the whole test run (the real USE
 * embedder needs minutes on 2 cores). The home lives in
 * node_modules/.cache so later runs on the same machine reuse it; when the
 * corpora/indexes code changes, the index is rebuilt (reusing cached
 * embeddings for unchanged chunks). Tests treat this home as read-only:
 * tests that write copy it or use their own.
 */
export default async function setup (project: TestProject): Promise<void> {
  const dir = process.env.QUARRY_TEST_HOME ?? join(ROOT, 'node_modules/.cache/quarry-test-home')
  await mkdir(dir, { recursive: true })
  const hash = await sourceHash()
  const stamp = join(dir, 'source-hash')
  const previous = await readFile(stamp, 'utf8').catch(() => '')
  if (previous !== hash) {
    await rm(join(dir, 'indexes.json'), { force: true })
  }
  const { openQuarrySession } = await import('../session/index.js')
  const started = Date.now()
  const session = await openQuarrySession({ home: dir })
  try {
    const index = await session.openIndex({ ref: 'filecoin-docs' })
    console.log(`[quarry tests] filecoin-docs index ${index.cid?.toString() ?? ''} ready in ${((Date.now() - started) / 1000).toFixed(0)}s (${index.manifest.counts.chunks} chunks) at ${dir}`)
  } finally {
    await session.close()
  }
  await writeFile(stamp, hash)
  project.provide('quarryTestHome', dir)
}
