import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite/vector'
import { createQuarryNode } from '../corpora/index.js'
import { copyIndexToStore, createPostgresStore, openStoredIndex, readManifest, type IndexManifest, type IndexVerification } from '../indexes/index.js'
import { openQuarrySession, resolveSettings } from '../session/index.js'
import { runCli } from './helpers/cli.js'
import { startServe, type ServeProcess } from './helpers/serve.js'
import { tempDir } from './helpers/shared.js'
import { filecoinDocsFolder } from './helpers/temp-dir.js'

/**
 * Issue 24 item 3: index files past a part size are pinned as parts listed in
 * the manifest, and read back part by part. With `QUARRY_INDEX_PART_BYTES`
 * lowered to 4 KiB a small index (real CLI, real USE embedder) is split into
 * many parts; a fresh process loads it and searches it exactly as the same
 * index pinned whole, `quarry index verify` passes, and an empty home gets
 * every part by `index fetch --gateway` and by a CAR, and a Postgres store
 * (PGlite + pgvector) copies it from its parts.
 */

const FILES = [
  'basics/what-is-filecoin/retrieval-market.md', 'basics/how-storage-works/storage-onramps.md', 'networks/calibration/rpcs.md',
  'smart-contracts/fundamentals/support.md', 'basics/how-retrieval-works/basic-retrieval.md', 'basics/how-storage-works/filecoin-plus.md'
]
const PART_BYTES = 4096
const SPLIT = { QUARRY_INDEX_PART_BYTES: String(PART_BYTES) }
const QUERIES = ['how does retrieval from a storage provider work', 'Filecoin Plus datacap']
const SLOW = { timeout: 400_000 }

type Hit = { chunkCid: string, score: number }

async function search (home: string, index: string, query: string, mode: string): Promise<Hit[]> {
  const r = await runCli(['search', query, '--index', index, '--mode', mode, '-k', '8', '--json'], { home, timeoutMs: 120_000 })
  expect(r.code, r.stderr).toBe(0)
  return (JSON.parse(r.stdout) as { results: Array<{ chunkCid: string, score: number }> }).results.map(h => ({ chunkCid: h.chunkCid, score: h.score }))
}

/** The manifest and the file names of an index directory, read from a home's blocks */
async function layout (home: string, cid: string): Promise<{ manifest: IndexManifest, names: string[] }> {
  const node = await createQuarryNode({ home })
  try {
    const names: string[] = []
    for await (const entry of node.fs.ls(CID.parse(cid), { offline: true } as any)) names.push(entry.name)
    return { manifest: await readManifest(node.fs, CID.parse(cid), { offline: true }), names: names.sort() }
  } finally {
    await node.stop()
  }
}

describe('an index pinned in parts', () => {
  let work: string
  let home: string
  let whole: string
  let split: string
  let cleanup: () => Promise<void>

  beforeAll(async () => {
    const t = await tempDir('quarry-index-parts-')
    cleanup = t.cleanup
    work = t.dir
    home = join(work, 'home')
    const docs = join(work, 'docs')
    await filecoinDocsFolder(docs, FILES)
    expect((await runCli(['corpus', 'add', docs, '--name', 'docs'], { home })).code).toBe(0)
    const built = await runCli(['index', 'build', 'docs'], { home, timeoutMs: 300_000 })
    expect(built.code, built.stderr).toBe(0)
    whole = built.stdout.trim()
    // the same index again (vectors from the embedding cache), its large files pinned in 4 KiB parts
    const rebuilt = await runCli(['index', 'build', 'docs'], { home, env: SPLIT, timeoutMs: 300_000 })
    expect(rebuilt.code, rebuilt.stderr).toBe(0)
    split = rebuilt.stdout.trim()
  }, 600_000)
  afterAll(async () => { await cleanup?.() })

  it('lists its parts in the manifest; the index pinned whole keeps the four files and no parts field', async () => {
    expect(split).not.toBe(whole)
    const w = await layout(home, whole)
    expect(w.names).toEqual(['chunks.jsonl', 'lexical.bin', 'manifest.json', 'vectors.hnsw'])
    expect(w.manifest.parts).toBeUndefined()
    const s = await layout(home, split)
    const parts = s.manifest.parts ?? {}
    // the vectors (hundreds of KiB) and the chunks are split; every name listed is a file of the directory, nothing else is
    expect(parts.vectors?.length).toBeGreaterThan(10)
    expect(parts.chunks?.length).toBeGreaterThan(1)
    expect(parts.vectors?.[0]).toBe('vectors.hnsw.0000')
    const listed = ['manifest.json', ...Object.values(parts).flat(), ...(['chunks', 'vectors', 'lexical'] as const).filter(k => parts[k] == null).map(k => s.manifest.files[k])]
    expect(s.names).toEqual(listed.sort())
    expect({ ...s.manifest, parts: undefined }).toEqual({ ...w.manifest, parts: undefined })
  })

  it('loads in a fresh process and searches exactly as the index pinned whole, in every mode', SLOW, async () => {
    for (const mode of ['lexical', 'dense', 'hybrid']) {
      for (const q of QUERIES) {
        const got = await search(home, split, q, mode)
        expect(got.length).toBeGreaterThan(0)
        expect(got, `${mode}: ${q}`).toEqual(await search(home, whole, q, mode))
      }
    }
  })

  it('passes quarry index verify (chunks, BM25 statistics and graph compared part by part, bit-exact)', SLOW, async () => {
    const r = await runCli(['index', 'verify', split, '--json'], { home, timeoutMs: 300_000 })
    const v = JSON.parse(r.stdout) as IndexVerification
    expect(r.code, r.stderr).toBe(0)
    expect(v.verdict).toBe('verified')
    expect(Object.fromEntries(v.checks.map(c => [c.name, c.status]))).toMatchObject({ manifest: 'ok', chunks: 'ok', lexical: 'ok', graph: 'ok', vectors: 'ok' })
  })

  it('reaches an empty home whole: index fetch over a gateway and a CAR bring every part', SLOW, async () => {
    const expected = await search(home, whole, QUERIES[0] as string, 'lexical')
    let serve: ServeProcess | undefined
    try {
      serve = await startServe(home, ['--gateway-listen', '127.0.0.1:0'])
      const fetchedHome = join(work, 'fetched')
      const fetched = await runCli(['index', 'fetch', split, '--gateway', serve.gateway ?? '', '--timeout', '60'], { home: fetchedHome })
      expect(fetched.code, fetched.stderr).toBe(0)
      expect(fetched.stdout.trim()).toBe(split)
      // offline now: every part is local (and hashed again as the index loads)
      expect(await search(fetchedHome, split, QUERIES[0] as string, 'lexical')).toEqual(expected)
    } finally {
      await serve?.stop('SIGKILL')
    }
    const car = join(work, 'split.car')
    expect((await runCli(['index', 'export', split, car], { home })).code).toBe(0)
    const carHome = join(work, 'car')
    const imported = await runCli(['index', 'import', car], { home: carHome })
    expect(imported.code, imported.stderr).toBe(0)
    expect(await search(carHome, split, QUERIES[0] as string, 'lexical')).toEqual(expected)
  })

  it('copies into a Postgres store (PGlite + pgvector) from its parts, and searches there as the index pinned whole', SLOW, async () => {
    const db = await PGlite.create({ extensions: { vector } })
    const session = await openQuarrySession({ home, settings: resolveSettings({ home }, { env: {}, envFile: false }) })
    try {
      const node = await session.node.start()
      const store = createPostgresStore(db)
      const info = await copyIndexToStore(node, CID.parse(split), store)
      const stored = await openStoredIndex(node, CID.parse(split), await session.embedder('use'), store)
      expect(info.chunks).toBe(stored.manifest.counts.chunks)
      for (const q of QUERIES) {
        const lexical = (await stored.search(q, { k: 8, mode: 'lexical' })).map(r => r.chunk.chunkCid.toString())
        expect(lexical).toEqual((await search(home, whole, q, 'lexical')).map(h => h.chunkCid))
        const dense = await stored.search(q, { k: 8, mode: 'dense' })
        expect(dense[0]?.chunk.chunkCid.toString()).toBe((await search(home, whole, q, 'dense'))[0]?.chunkCid)
      }
    } finally {
      await session.close()
      await db.close()
    }
  })
})
