/**
 * bench/index, baseline side (run by run.ts in its own process): what a
 * LangChain user would write — read the files, RecursiveCharacterTextSplitter
 * (1000/150), HNSWLib.fromDocuments — with the same USE embedder as Quarry.
 *
 *   node --import tsx bench/index/langchain-side.ts <folder> <queries.json> <out.json>
 */
import '../../corpora/index.js'
import { readFile } from 'node:fs/promises'
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib'
import { Document } from '@langchain/core/documents'
import { Embeddings } from '@langchain/core/embeddings'
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters'
import { walkFolder } from '../../corpora/index.js'
import { createUseEmbeddings } from '../../indexes/index.js'
import { maxRssMb, measureQueries, writeResult } from './bench-common.js'

const [folder, queriesPath, out] = process.argv.slice(2)
if (folder == null || queriesPath == null || out == null) throw new Error('usage: langchain-side.ts <folder> <queries.json> <out.json>')
const queries = JSON.parse(await readFile(queriesPath, 'utf8')) as string[]
const embedder = await createUseEmbeddings().init()

/** The same USE model behind LangChain's Embeddings interface; keeps the vectors for the exact-search check. */
class UseEmbeddings extends Embeddings {
  readonly vectors: number[][] = []
  async embedDocuments (texts: string[]): Promise<number[][]> {
    const vectors = await embedder.embedDocuments(texts)
    this.vectors.push(...vectors)
    if (this.vectors.length % 1000 < texts.length) console.error(`langchain: embedded ${this.vectors.length} chunks`)
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
const measured = await measureQueries(queries, {
  search: async q => store.similaritySearch(q, 10),
  embedQuery: async q => embedder.embedQuery(q),
  approxTop10: async qv => (await store.similaritySearchVectorWithScore(qv, 10)).map(([d]) => d.metadata.i as number),
  vectors: embeddings.vectors
})
await writeResult(out, {
  side: 'langchain',
  records: files.length,
  chunks: splits.length,
  chars: splits.reduce((n, s) => n + s.pageContent.length, 0),
  buildS,
  ...measured,
  maxRssMb: maxRssMb()
})
