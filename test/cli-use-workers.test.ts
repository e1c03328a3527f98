import { join } from 'node:path'
import { describe, it, expect } from 'vitest'
import { runCli } from './helpers/cli.js'
import { tempDir } from './helpers/shared.js'
import { filecoinDocsFolder } from './helpers/temp-dir.js'

/**
 * Issue 26 item 3: the USE runner is a typed module that worker threads load
 * by URL (indexes/embedders/use-worker.ts). From the CLI bundle (dist/cli/,
 * whose chunks live apart from tsc's dist/indexes/) the workers must still
 * find it, and give the bits the calling thread gives: a TensorFlow.js (wasm)
 * build on two worker threads and one on the calling thread make the same
 * index CID.
 */
const FILES = [
  'basics/what-is-filecoin/storage-model.md', 'basics/what-is-filecoin/retrieval-market.md',
  'basics/how-storage-works/filecoin-plus.md', 'basics/the-blockchain/actors.md'
]

describe('quarry index build on USE worker threads (wasm runtime, CLI bundle)', () => {
  it('builds with 2 workers the index the calling thread builds', async () => {
    const t = await tempDir('quarry-use-workers-')
    try {
      const docs = join(t.dir, 'docs')
      await filecoinDocsFolder(docs, FILES)
      const build = async (home: string, threads: string): Promise<string> => {
        expect((await runCli(['corpus', 'add', docs, '--name', 'docs'], { home })).code).toBe(0)
        const r = await runCli(['index', 'build', 'docs'], { home, env: { QUARRY_USE_RUNTIME: 'wasm', QUARRY_EMBED_THREADS: threads }, timeoutMs: 300_000 })
        expect(r.code, r.stderr).toBe(0)
        return r.stdout.trim()
      }
      // more chunks than one batch (32), so the two-thread build runs on the worker pool
      const onWorkers = await build(join(t.dir, 'a'), '2')
      const onMainThread = await build(join(t.dir, 'b'), '1')
      expect(onWorkers).toMatch(/^b[a-z2-7]+$/)
      expect(onWorkers).toBe(onMainThread)
    } finally {
      await t.cleanup()
    }
  }, 600_000)
})
