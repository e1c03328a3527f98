import { existsSync } from 'node:fs'
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, it, expect } from 'vitest'
import { loadBeirDataset, serializeBeirCorpus, type EvalReport } from '../eval/index.js'
import { runCli } from './helpers/cli.js'
import { HAS_SHARED, ROOT, shared, tempDir } from './helpers/shared.js'

const SCIFACT = shared('beir', 'scifact')
const HAVE_SCIFACT = HAS_SHARED && existsSync(path.join(SCIFACT, 'corpus.jsonl'))
if (!HAVE_SCIFACT) console.warn(`skipping the eval retrieval CLI test: ${SCIFACT} not found (set QUARRY_SHARED)`)

/** Distractor documents added to the documents the 50 queries judge relevant */
const DISTRACTORS = 200

/**
 * Embeddings of the slice's chunks, kept between test runs (like the global
 * test home): each run builds its index in a fresh home, but only the first
 * run on a machine embeds the abstracts
 */
const EMBEDDING_CACHE = path.join(ROOT, 'node_modules', '.cache', 'quarry-eval-slice-embeddings')

/**
 * A small BEIR folder cut from SciFact: its first 50 test queries, their
 * qrels, the judged documents and every 20th other document as distractors
 * (embedding all 5,183 abstracts takes minutes on 2 cores).
 */
async function writeSlice (folder: string): Promise<{ docs: number }> {
  const full = await loadBeirDataset(SCIFACT, { limit: 50 })
  const judged = new Set([...full.qrels.values()].flatMap(q => Object.keys(q)))
  const others = [...full.corpus.keys()].filter(id => !judged.has(id))
  const keep = new Set([...judged, ...others.filter((_, i) => i % 20 === 0).slice(0, DISTRACTORS)])
  const corpus = new Map([...full.corpus].filter(([id]) => keep.has(id)))
  await mkdir(path.join(folder, 'qrels'), { recursive: true })
  await writeFile(path.join(folder, 'corpus.jsonl'), serializeBeirCorpus(corpus))
  await writeFile(path.join(folder, 'queries.jsonl'), full.queries.map(q => JSON.stringify({ _id: q.id, text: q.text })).join('\n') + '\n')
  const qrels = full.queries.flatMap(q => Object.entries(full.qrels.get(q.id) ?? {}).map(([doc, grade]) => `${q.id}\t${doc}\t${grade}`))
  await writeFile(path.join(folder, 'qrels', 'test.tsv'), ['query-id\tcorpus-id\tscore', ...qrels].join('\n') + '\n')
  return { docs: corpus.size }
}

function expectMetricsInRange (report: EvalReport): void {
  for (const mode of report.modes) {
    for (const [key, s] of Object.entries(mode.metrics)) {
      expect(s.n, key).toBe(50)
      expect(s.mean, key).toBeGreaterThanOrEqual(0)
      expect(s.mean, key).toBeLessThanOrEqual(1)
    }
  }
  for (const row of report.rows) {
    for (const value of Object.values(row.metrics)) {
      expect(value).toBeGreaterThanOrEqual(0)
      expect(value).toBeLessThanOrEqual(1)
    }
  }
}

describe.skipIf(!HAVE_SCIFACT)('quarry eval retrieval on a 50-query SciFact slice', () => {
  let tmp: { dir: string, cleanup: () => Promise<void> }
  let beir: string
  let home: string
  let docs: number
  let first: EvalReport

  beforeAll(async () => {
    tmp = await tempDir('quarry-eval-retrieval-')
    beir = path.join(tmp.dir, 'scifact-slice')
    home = path.join(tmp.dir, 'home')
    docs = (await writeSlice(beir)).docs
    await mkdir(EMBEDDING_CACHE, { recursive: true })
    await mkdir(home)
    await symlink(EMBEDDING_CACHE, path.join(home, 'embeddings'), 'dir')
  })
  afterAll(async () => { await tmp?.cleanup() })

  it('imports the corpus, builds the index, runs lexical search and writes the three reports', async () => {
    const out = path.join(tmp.dir, 'out-lexical')
    const res = await runCli(['eval', 'retrieval', '--beir', beir, '--mode', 'lexical', '--out', out], { home, timeoutMs: 600_000 })
    expect(res.stderr).toContain(`to ${out}`)
    expect(res.code).toBe(0)
    expect(res.stdout).toMatch(/^# Quarry retrieval eval: scifact-slice \(test\)/)
    expect(res.stdout).toMatch(/\| \*\*Quarry lexical \(BM25 k1=[\d.]+ b=[\d.]+[^)]*\)\*\* \| 0\.\d{3} \|/)

    first = JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8')) as EvalReport
    expect(first).toMatchObject({ kind: 'retrieval', dataset: 'scifact-slice', split: 'test', embedder: 'use:universal-sentence-encoder-lite', references: [] })
    expect(first.modes.map(m => m.mode)).toEqual(['lexical'])
    expect(first.notes?.join('\n')).toContain(`from ${docs} documents`)
    expectMetricsInRange(first)
    // BM25 on SciFact is strong (0.665 nDCG@10 on the full test split); on this easier slice it must be well above 0.5
    expect(first.modes[0]?.metrics['ndcg@10']?.mean).toBeGreaterThan(0.5)
    expect(first.modes[0]?.metrics['recall@100']?.mean).toBeGreaterThan(0.8)
    expect(await readFile(path.join(out, 'summary.md'), 'utf8')).toBe(res.stdout)

    const html = await readFile(path.join(out, 'report.html'), 'utf8')
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain('<svg')
    expect(html).toContain(first.corpusCid)
    // self-contained: no scripts, no external stylesheets, images, fonts or links to fetch
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|src=|href="https?:/i)
  })

  it('runs dense and hybrid on the same index, reusing it, and prints JSON', async () => {
    const out = path.join(tmp.dir, 'out-dense-hybrid')
    const res = await runCli(['eval', 'retrieval', '--beir', beir, '--mode', 'dense,hybrid', '--out', out, '--json'], { home, timeoutMs: 300_000 })
    expect(res.code).toBe(0)
    const printed = JSON.parse(res.stdout) as { outDir: string, files: string[], report: EvalReport }
    expect(printed.outDir).toBe(out)
    expect(printed.files).toEqual(['results.json', 'summary.md', 'report.html'])
    for (const file of printed.files) expect(existsSync(path.join(out, file))).toBe(true)
    const report = printed.report
    expect(report.modes.map(m => m.mode)).toEqual(['dense', 'hybrid'])
    expect(report.corpusCid).toBe(first.corpusCid)
    expect(report.indexCid).toBe(first.indexCid)
    expect(report.notes?.join('\n')).toMatch(/index: reused/)
    expectMetricsInRange(report)
    const ndcg = (mode: string): number => report.modes.find(m => m.mode === mode)?.metrics['ndcg@10']?.mean ?? Number.NaN
    expect(ndcg('dense')).toBeGreaterThan(0.2)
    expect(ndcg('hybrid')).toBeGreaterThan(0.5)
    expect(report.rows.filter(r => r.mode === 'dense')).toHaveLength(50)
  })

  it('names a bad mode and a missing dataset', async () => {
    const bad = await runCli(['eval', 'retrieval', '--beir', beir, '--mode', 'sparse'], { home })
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/--mode must be all or one or more of lexical, dense, hybrid, got "sparse"/)
    const missing = await runCli(['eval', 'retrieval', '--beir', path.join(tmp.dir, 'nope')], { home })
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/EvalDatasetError.*corpus\.jsonl/)
  })
})
