import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { chunkBody, chunkContext, createHnswIndex, createLexicalIndex, pinIndex, type Chunk, type IndexManifest, type IndexVerification, type LexicalIndex, type VectorIndex } from '../indexes/index.js'
import { openQuarrySession } from '../session/index.js'
import { runCli } from './helpers/cli.js'
import { tempDir } from './helpers/shared.js'
import { filecoinDocsFolder } from './helpers/temp-dir.js'

/**
 * Issue 22 item 5: `quarry index verify` re-derives an index from its corpus
 * and manifest. Honest indexes (USE on onnxruntime and on TensorFlow.js wasm)
 * pass; copies tampered the ways a peer serving an index could — a chunk
 * dropped, a chunk's text or range altered, the dense weight raised, the BM25
 * statistics edited — are pinned next to them and caught, each by name.
 */

const FILES = [
  'basics/what-is-filecoin/retrieval-market.md', 'basics/how-storage-works/storage-onramps.md', 'networks/calibration/rpcs.md',
  'smart-contracts/fundamentals/support.md', 'builder-cookbook/filecoin-pin/github-action.md', 'basics/how-retrieval-works/basic-retrieval.md',
  'basics/how-storage-works/filecoin-plus.md', 'basics/the-blockchain/actors.md'
]
const WASM = { QUARRY_USE_RUNTIME: 'wasm' }
/** The chunk every tampering touches (a middle one) */
const K = 10

async function verify (home: string, cid: string, args: string[] = [], env: Record<string, string> = {}): Promise<{ code: number | null, v: IndexVerification, stderr: string }> {
  const r = await runCli(['index', 'verify', cid, '--json', ...args], { home, env, timeoutMs: 300_000 })
  let v: IndexVerification
  try {
    v = JSON.parse(r.stdout) as IndexVerification
  } catch {
    throw new Error(`index verify printed no JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`)
  }
  return { code: r.code, v, stderr: r.stderr }
}

const statusOf = (v: IndexVerification): Record<string, string> => Object.fromEntries(v.checks.map(c => [c.name, c.status]))

describe('quarry index verify', () => {
  let work: string
  let home: string
  let honest: string
  let cleanup: () => Promise<void>
  let removed: Chunk
  const tampered: Record<'removed' | 'text' | 'range' | 'denseWeight' | 'lexical', string> = { removed: '', text: '', range: '', denseWeight: '', lexical: '' }

  beforeAll(async () => {
    const t = await tempDir('quarry-index-verify-')
    cleanup = t.cleanup
    work = t.dir
    home = join(work, 'home')
    const docs = join(work, 'docs')
    await filecoinDocsFolder(docs, FILES)
    expect((await runCli(['corpus', 'add', docs, '--name', 'docs'], { home })).code).toBe(0)
    const build = await runCli(['index', 'build', 'docs'], { home, timeoutMs: 300_000 })
    expect(build.code, build.stderr).toBe(0)
    honest = build.stdout.trim()

    // tampered copies, pinned in the same home (as a peer could serve them)
    const session = await openQuarrySession({ home })
    try {
      const index = await session.indexes.open(CID.parse(honest), await session.embedder('use'))
      const node = await session.node.start()
      const { manifest, chunks } = index
      const vectors = index.vectors as VectorIndex
      const { k1, b, contextWeight, bigramWeight, feedback } = manifest.lexical
      const lexicalOf = (list: Chunk[], body: (c: Chunk, id: number) => string = c => chunkBody(c)): LexicalIndex => {
        const lexical = createLexicalIndex({ k1, b, ...(contextWeight !== undefined ? { contextWeight } : {}), ...(bigramWeight !== undefined ? { bigramWeight } : {}), ...(feedback !== undefined ? { feedback } : {}) })
        lexical.add(list.map((c, id) => ({ id, text: body(c, id), context: chunkContext(c) })))
        return lexical
      }
      const pin = async (parts: { manifest?: IndexManifest, chunks?: Chunk[], vectors?: VectorIndex, lexical?: LexicalIndex }): Promise<string> =>
        (await pinIndex(node, { manifest, chunks, vectors, lexical: index.lexical as LexicalIndex, ...parts })).toString()

      // one chunk dropped, consistently: its vector, postings and count go too
      removed = chunks[K] as Chunk
      const kept = chunks.filter((_, id) => id !== K)
      const keptVectors = createHnswIndex({ dimensions: vectors.dimensions, capacity: kept.length })
      keptVectors.add(chunks.flatMap((_, id) => id === K ? [] : [vectors.vector(id)]), kept.map((_, id) => id), { unit: true })
      tampered.removed = await pin({ manifest: { ...manifest, counts: { ...manifest.counts, chunks: kept.length } }, chunks: kept, vectors: keptVectors, lexical: lexicalOf(kept) })
      // one chunk's text altered (its CID left as it was), then one chunk's range shifted
      tampered.text = await pin({ chunks: chunks.map((c, id) => id === K ? { ...c, text: c.text.replace(/\b(can|is|are)\b/, m => `${m} not`) } : c) })
      tampered.range = await pin({ chunks: chunks.map((c, id) => id === K ? { ...c, byteStart: c.byteStart + 1, byteEnd: c.byteEnd + 1 } : c) })
      // the dense weight raised in the manifest
      const fusion = manifest.fusion
      expect(fusion).toBeDefined()
      tampered.denseWeight = await pin({ manifest: { ...manifest, fusion: { ...fusion!, denseWeight: Math.min(1, fusion!.denseWeight + 0.5) } } })
      // BM25 statistics edited: one chunk made to hold a term many more times than it does
      tampered.lexical = await pin({ lexical: lexicalOf(chunks, (c, id) => id === K ? `${chunkBody(c)} retrieval retrieval retrieval retrieval` : chunkBody(c)) })
    } finally {
      await session.close()
    }
    expect(new Set([honest, ...Object.values(tampered)]).size).toBe(6)
  }, 600_000)
  afterAll(async () => cleanup?.())

  it('passes an honest index: every check ok, every vector re-embedded bit-identical (exit 0)', async () => {
    const { code, v } = await verify(home, honest)
    expect(code).toBe(0)
    expect(v.verdict).toBe('verified')
    expect(statusOf(v)).toEqual({ manifest: 'ok', chunks: 'ok', lexical: 'ok', graph: 'ok', vectors: 'ok', fusion: 'ok' })
    expect(v.vectors?.checked).toBe(v.vectors?.embedded)
    expect(v.vectors?.identical).toBe(v.vectors?.checked)
    // a plain report ends with one verdict line
    const plain = await runCli(['index', 'verify', honest, '--sample', '4'], { home, timeoutMs: 300_000 })
    expect(plain.code, plain.stderr).toBe(0)
    expect(plain.stdout.trim().split('\n').at(-1)).toMatch(/^✓ index verified/)
    expect(plain.stderr).toMatch(/checking vectors/)
  }, 300_000)

  it('catches a dropped chunk: named by path and CID as missing, with the BM25 statistics and chunk count (exit 1)', async () => {
    const { code, v } = await verify(home, tampered.removed, ['--sample', '8'])
    expect(code).toBe(1)
    expect(v.verdict).toBe('differs')
    expect(statusOf(v)).toMatchObject({ manifest: 'differs', chunks: 'differs', lexical: 'differs' })
    expect(v.chunks?.missing).toEqual([{ id: K, path: removed.path, chunkCid: removed.chunkCid.toString(), byteStart: removed.byteStart, byteEnd: removed.byteEnd }])
    expect(v.chunks?.extra).toEqual([])
    expect(v.manifest?.join('\n')).toMatch(/counts\.chunks: \d+ in the manifest, \d+ from the corpus/)
  }, 300_000)

  it('catches a chunk whose text was altered, and its vector no longer matching its text (exit 1)', async () => {
    const { code, v } = await verify(home, tampered.text)
    expect(code).toBe(1)
    expect(statusOf(v)).toMatchObject({ chunks: 'differs', vectors: 'differs' })
    expect(v.chunks?.altered).toHaveLength(1)
    expect(v.chunks?.altered[0]?.fields).toEqual(['text'])
    expect(v.chunks?.altered[0]?.pinned).toMatchObject({ id: K, path: removed.path, chunkCid: removed.chunkCid.toString() })
    expect(v.vectors?.offTolerance.map(o => o.id)).toEqual([K])
  }, 300_000)

  it('catches a chunk whose byte range was shifted (exit 1)', async () => {
    const { code, v } = await verify(home, tampered.range, ['--sample', '8'])
    expect(code).toBe(1)
    expect(statusOf(v).chunks).toBe('differs')
    expect(v.chunks?.altered[0]?.fields).toEqual(['byteStart', 'byteEnd'])
  }, 300_000)

  it('catches a raised dense weight (exit 1)', async () => {
    const { code, v } = await verify(home, tampered.denseWeight, ['--sample', '8'])
    expect(code).toBe(1)
    expect(statusOf(v)).toEqual({ manifest: 'ok', chunks: 'ok', lexical: 'ok', graph: 'ok', vectors: 'ok', fusion: 'differs' })
    expect(v.fusion?.join('\n')).toMatch(/denseWeight: [\d.]+ in the manifest, [\d.]+ re-derived/)
  }, 300_000)

  it('catches edited BM25 statistics, naming the term counts and postings that differ (exit 1)', async () => {
    const { code, v } = await verify(home, tampered.lexical, ['--sample', '8'])
    expect(code).toBe(1)
    expect(statusOf(v)).toMatchObject({ chunks: 'ok', lexical: 'differs' })
    const lexical = v.lexical?.join('\n') ?? ''
    expect(lexical).toMatch(new RegExp(`term lengths of 1 chunks \\(first: chunk ${K}: `))
    expect(lexical).toMatch(/postings of \d+ words differ: retriev/)
  }, 300_000)

  it('search and ask --index <cid> --verify-index use an index only once it verifies', async () => {
    const ok = await runCli(['search', 'retrieval market', '--index', honest, '--verify-index', '4'], { home, timeoutMs: 300_000 })
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.stderr).toMatch(new RegExp(`index ${honest} verified`))
    expect(ok.stdout).toMatch(/^\[1\] .*retrieval-market/)
    const refused = await runCli(['search', 'retrieval market', '--index', tampered.denseWeight, '--verify-index', '4'], { home, timeoutMs: 300_000 })
    expect(refused.code).toBe(1)
    expect(refused.stdout).toBe('')
    expect(refused.stderr).toMatch(new RegExp(`refusing index ${tampered.denseWeight}: index differs from what its corpus and manifest give: fusion`))
    const ask = await runCli(['ask', 'What is the retrieval market?', '--index', tampered.removed, '--verify-index', '4', '--mode', 'extractive'], { home, timeoutMs: 300_000 })
    expect(ask.code).toBe(1)
    expect(ask.stderr).toMatch(/refusing index .*: index differs from what its corpus and manifest give: manifest, chunks, lexical/)
  }, 300_000)

  it('says what it could not check and how to supply it: an index without its corpus (exit 2)', async () => {
    const car = join(work, 'index.car')
    expect((await runCli(['index', 'export', honest, car], { home })).code).toBe(0)
    const bare = join(work, 'bare')
    expect((await runCli(['index', 'import', car], { home: bare })).code).toBe(0)
    const { code, v } = await verify(bare, honest, ['--sample', '4'])
    expect(code).toBe(2)
    expect(v.verdict).toBe('unchecked')
    expect(v.missing?.[0]).toMatch(/^corpus: the documents of b[a-z2-7]+ are not available/)
    // what needs only the index still checks out
    expect(statusOf(v)).toMatchObject({ chunks: 'unchecked', lexical: 'unchecked', graph: 'ok', vectors: 'ok' })
    const plain = await runCli(['index', 'verify', honest, '--sample', '4'], { home: bare, timeoutMs: 300_000 })
    expect(plain.code).toBe(2)
    expect(plain.stdout.trim().split('\n').at(-1)).toMatch(/^\? could not check everything: corpus: .*quarry corpus add/)
  }, 300_000)

  it('passes honest indexes on either embedding runtime, and across them within the tolerance', async () => {
    const wasmHome = join(work, 'wasm')
    expect((await runCli(['corpus', 'add', join(work, 'docs'), '--name', 'docs'], { home: wasmHome })).code).toBe(0)
    const build = await runCli(['index', 'build', 'docs'], { home: wasmHome, env: WASM, timeoutMs: 300_000 })
    expect(build.code, build.stderr).toBe(0)
    const wasmCid = build.stdout.trim()
    const own = await verify(wasmHome, wasmCid, [], WASM)
    expect(own.code, own.stderr).toBe(0)
    expect(own.v.vectors?.identical).toBe(own.v.vectors?.checked)
    // the onnx-built index re-embedded on wasm (and back): not the same bits, within the tolerance
    const across = await verify(home, honest, ['--sample', '16'], WASM)
    expect(across.code, across.stderr).toBe(0)
    expect(across.v.vectors?.maxDiff).toBeGreaterThan(0)
    expect(across.v.vectors?.maxDiff).toBeLessThanOrEqual(across.v.vectors?.tolerance ?? 0)
    const back = await verify(wasmHome, wasmCid, ['--sample', '16'])
    expect(back.code, back.stderr).toBe(0)
    expect(back.v.checks.find(c => c.name === 'vectors')?.detail).toMatch(/built as use:universal-sentence-encoder-lite#per-text-xnnpack-attention, re-embedded as use:universal-sentence-encoder-lite#onnx-cpu/)
  }, 600_000)
})
