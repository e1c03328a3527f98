import { cp, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, it, expect, inject } from 'vitest'
import { readManifest } from '../indexes/index.js'
import { ensureCatalogueCorpus, openQuarrySession } from '../session/index.js'
import { HAS_SHARED, ROOT, tempDir } from './helpers/shared.js'

/**
 * Build the Filecoin docs index in a fresh home whose embedding cache is
 * seeded from the prebuilt test home (so no embedding runs: a vector depends
 * on its text alone — indexes/embedders/use-embeddings.test.ts checks that —
 * so a cold build computes the same vectors; this only saves CPU) and return
 * its CID.
 */
async function buildInFreshHome (prebuilt: string): Promise<{ cid: string, stats: { builtAt: string, buildMs: number } }> {
  const t = await tempDir('quarry-repro-')
  try {
    await cp(join(prebuilt, 'embeddings'), join(t.dir, 'embeddings'), { recursive: true })
    const session = await openQuarrySession({ home: t.dir, defaultCorpus: 'filecoin-docs' })
    try {
      await ensureCatalogueCorpus(session.corpora, 'filecoin-docs')
      const { cid, stats } = await session.indexes.build('filecoin-docs', { embedder: await session.embedder('use') })
      const manifest = await readManifest(session.node.blocks.fs, cid, { offline: true })
      expect(JSON.stringify(manifest)).not.toMatch(/builtAt|buildMs|embeddingsReused|corpusName/)
      expect(stats.buildMs).toBeGreaterThan(0)
      return { cid: cid.toString(), stats }
    } finally {
      await session.close()
    }
  } finally {
    await t.cleanup()
  }
}

describe.skipIf(!HAS_SHARED)('reproducible indexes', () => {
  it('the same corpus, parameters and embedder give the same index CID in two fresh homes (and in the prebuilt one)', async () => {
    const prebuilt = inject('quarryTestHome')
    expect(prebuilt, 'the prebuilt test home').toBeTruthy()
    const a = await buildInFreshHome(prebuilt)
    const b = await buildInFreshHome(prebuilt)
    expect(b.stats.builtAt).not.toBe(a.stats.builtAt)
    expect(b.cid).toBe(a.cid)
    const registry = JSON.parse(await readFile(join(prebuilt, 'indexes.json'), 'utf8')) as { entries: Array<{ cid: string }> }
    expect(registry.entries.map(e => e.cid)).toContain(a.cid)
    console.log(`[quarry tests] reproducible filecoin-docs index CID ${a.cid}`)
    // the README quotes the CID a reader's `quarry index build filecoin-docs` gives: it must be this one
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8')
    const quoted = /`quarry index build filecoin-docs` \(USE-lite, default settings\) gives\s+`(b[a-z2-7]+)`/.exec(readme)?.[1]
    expect(quoted, 'README quotes the default filecoin-docs index CID').toBe(a.cid)
  }, 300_000)
})
