/**
 * bench/index: build and query a Quarry index over the JFK corpus, beside a
 * baseline built in the same run with the same embedder: LangChain's
 * RecursiveCharacterTextSplitter + HNSWLib vector store.
 *
 *   npm run bench:index -- [--limit N] [--queries N]
 *
 * --limit takes the first N records (default: all 2,110; the USE embedder
 * runs ~10 chunks per CPU-second here, so the full corpus takes a long time).
 */
import '../../corpora/polyfills.js'
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib'
import { Document as LcDocument } from '@langchain/core/documents'
import { Embeddings } from '@langchain/core/embeddings'
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters'
import { addFolder } from '../../corpora/add-corpus.js'
import { createQuarryNode } from '../../corpora/helia-node.js'
import { loadDocuments } from '../../corpora/load-documents.js'
import { walkFolder } from '../../corpora/walk-folder.js'
import { buildIndex } from '../../indexes/build-index.js'
import { createUseEmbeddings } from '../../indexes/embedders/use-embeddings.js'
import { exactSearch } from '../../indexes/hnsw-index.js'
import { createQuarryIndex } from '../../indexes/quarry-index.js'

const { values } = parseArgs({ options: { limit: { type: 'string' }, queries: { type: 'string', default: '50' } } })
const source = resolve(import.meta.dirname, '../../../shared/corpora/jfk-2025-0318/docs')
const files = await walkFolder(source)
const take = files.slice(0, values.limit != null ? Number(values.limit) : files.length)
const work = await mkdtemp(join(tmpdir(), 'quarry-bench-index-'))
const folder = join(work, 'docs')
await mkdir(folder)
for (const f of take) await cp(f.absolute, join(folder, f.path))

const embedder = await createUseEmbeddings().init()
const pct = (xs: number[], p: number): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN }
const rssMb = (): number => process.memoryUsage().rss / 1e6

try {
  const node = await createQuarryNode({ home: join(work, 'home') })
  const { cid } = await addFolder(node, folder)
  // --- Quarry
  let t = performance.now()
  const built = await buildIndex(node.fs, cid, { embedder })
  const quarryBuildS = (performance.now() - t) / 1000
  const quarryRss = rssMb()
  const index = createQuarryIndex(built, embedder)
  const nq = Math.min(Number(values.queries), built.chunks.length)
  const queries = built.chunks.filter((_, i) => i % Math.max(1, Math.floor(built.chunks.length / nq)) === 0).slice(0, nq).map(c => c.text.split(/\s+/).slice(0, 12).join(' '))
  const quarryLat: number[] = []
  let recall = 0
  for (const q of queries) {
    t = performance.now()
    await index.search(q, { k: 10, mode: 'hybrid' })
    quarryLat.push(performance.now() - t)
    const qv = await embedder.embedQuery(q)
    const approx = new Set(built.vectors.search(qv, 10).map(r => r.id))
    const exact = exactSearch(built.embeddings, qv, 10)
    recall += exact.filter(r => approx.has(r.id)).length / exact.length
  }
  // --- LangChain baseline
  const docs: LcDocument[] = []
  for await (const d of loadDocuments(node.fs, cid, { offline: true })) docs.push(new LcDocument({ pageContent: d.text, metadata: { path: d.path } }))
  await node.stop()
  class UseLc extends Embeddings {
    async embedDocuments (texts: string[]): Promise<number[][]> { return embedder.embedDocuments(texts) }
    async embedQuery (text: string): Promise<number[]> { return embedder.embedQuery(text) }
  }
  t = performance.now()
  const splits = await new RecursiveCharacterTextSplitter({ chunkSize: 1000, chunkOverlap: 150 }).splitDocuments(docs)
  const store = await HNSWLib.fromDocuments(splits, new UseLc({}))
  const lcBuildS = (performance.now() - t) / 1000
  const lcLat: number[] = []
  for (const q of queries) {
    t = performance.now()
    await store.similaritySearch(q, 10)
    lcLat.push(performance.now() - t)
  }
  const rows: Array<[string, string, string]> = [
    ['records', String(take.length), String(take.length)],
    ['chunks', String(built.chunks.length), String(splits.length)],
    ['build time (s)', quarryBuildS.toFixed(1), lcBuildS.toFixed(1)],
    ['chunks/s embedded', (built.chunks.length / quarryBuildS).toFixed(1), (splits.length / lcBuildS).toFixed(1)],
    ['query p50 (ms)', pct(quarryLat, 0.5).toFixed(1), pct(lcLat, 0.5).toFixed(1)],
    ['query p95 (ms)', pct(quarryLat, 0.95).toFixed(1), pct(lcLat, 0.95).toFixed(1)],
    ['HNSW recall@10 vs exact', (recall / queries.length).toFixed(3), '-'],
    ['RSS after build (MB)', quarryRss.toFixed(0), rssMb().toFixed(0)]
  ]
  console.log(`JFK corpus, ${take.length} records, embedder ${embedder.id}, ${queries.length} queries (quarry: hybrid; baseline: dense only)`)
  console.log('| metric | quarry | langchain baseline | ratio |')
  console.log('|---|---|---|---|')
  for (const [m, a, b] of rows) console.log(`| ${m} | ${a} | ${b} | ${Number.isFinite(Number(a) / Number(b)) ? (Number(a) / Number(b)).toFixed(2) : '-'} |`)
} finally {
  await rm(work, { recursive: true, force: true, maxRetries: 5 })
}
