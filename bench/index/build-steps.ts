/**
 * bench/index/build-steps.ts: where a Quarry index build's time goes, step by
 * step, on the first N JFK records: load (documents from Helia), chunk (chunk
 * CIDs included), BM25 (the readable texts and the lexical index), embed, HNSW,
 * fusion calibration, pin. Load, chunk and BM25 run one after the other here
 * (a build streams load into chunk); embed, HNSW and calibration are the
 * build's own `completeIndex`, split by its progress events, so what it
 * overlaps shows as a shorter step. Also printed: what the embedder was given
 * (texts, tokens the model reads) beside what LangChain's splitter makes of the
 * same records.
 *
 *   node --import tsx bench/index/build-steps.ts [--limit 200] [--json]
 */
import '../../corpora/index.js'
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters'
import { addFolder, createQuarryNode, loadDocuments, walkFolder, type LoadSummary } from '../../corpora/index.js'
import {
  chunkBody, chunkContext, chunkDocuments, completeIndex, createLexicalIndex, createUseEmbeddings, DEFAULT_CHUNK_OPTIONS,
  embeddingText, pinIndex, type Chunk, type IndexProgressEvent
} from '../../indexes/index.js'

const { values } = parseArgs({ options: { limit: { type: 'string', default: '200' }, json: { type: 'boolean', default: false } } })
const files = await walkFolder(resolve(import.meta.dirname, '../../../shared/corpora/jfk-2025-0318/docs'))
const take = files.slice(0, Number(values.limit))
const work = await mkdtemp(join(tmpdir(), 'quarry-build-steps-'))
const load = (): string => loadavg().map(x => x.toFixed(2)).join(' ')
const startLoad = load()
const secs = (from: number): number => (performance.now() - from) / 1000

try {
  const folder = join(work, 'docs')
  await mkdir(folder)
  for (const f of take) await cp(f.absolute, join(folder, f.path))
  const embedder = await createUseEmbeddings().init()
  const node = await createQuarryNode({ home: join(work, 'home') })
  try {
    const { cid } = await addFolder(node, folder)
    const steps: Record<string, number> = {}
    let t = performance.now()
    const summary: LoadSummary = { files: 0, documents: 0, skipped: {} }
    const docs = []
    for await (const d of loadDocuments(node.fs, cid, { summary })) docs.push(d)
    steps.load = secs(t)

    t = performance.now()
    const chunks: Chunk[] = []
    for await (const c of chunkDocuments(docs, DEFAULT_CHUNK_OPTIONS)) chunks.push(c)
    steps.chunk = secs(t)

    t = performance.now()
    const texts = chunks.map(c => embeddingText(c))
    const lexical = createLexicalIndex()
    lexical.add(chunks.map((chunk, id) => ({ id, text: chunkBody(chunk), context: chunkContext(chunk) })))
    steps.BM25 = secs(t)

    // the build's second half, timed by its progress events: each step ends with its last event
    const ends: Record<string, number> = {}
    const names: Record<string, string> = { 'indexes:embed:batch': 'embed', 'indexes:hnsw:add': 'HNSW', 'indexes:calibrate:query': 'calibration' }
    t = performance.now()
    const built = await completeIndex({ corpusCid: cid, chunks, texts, lexical, summary, chunkOptions: DEFAULT_CHUNK_OPTIONS, bm25: lexical.params, started: Date.now() }, {
      embedder,
      onProgress: (e: IndexProgressEvent) => { const n = names[e.type]; if (n !== undefined) ends[n] = secs(t) }
    })
    const complete = secs(t)
    steps.embed = ends.embed ?? 0
    steps.HNSW = (ends.HNSW ?? steps.embed) - steps.embed
    steps.calibration = complete - (ends.HNSW ?? steps.embed)

    t = performance.now()
    await pinIndex(node, built)
    steps.pin = secs(t)

    const splitter = new RecursiveCharacterTextSplitter({ chunkSize: 1000, chunkOverlap: 150 })
    const splits: string[] = []
    for (const f of take) splits.push(...await splitter.splitText(await readFile(f.absolute, 'utf8')))
    // USE's batch key is the tokens its model reads of a text
    const tokens = (xs: string[]): number | undefined => embedder.batchKey === undefined ? undefined : xs.reduce((n, x) => n + (embedder.batchKey?.(x) ?? 0), 0)
    const result = {
      records: take.length,
      chunks: chunks.length,
      tokens: tokens(texts),
      langchainTexts: splits.length,
      langchainTokens: tokens(splits),
      steps,
      total: Object.values(steps).reduce((a, b) => a + b, 0),
      denseWeight: built.manifest.fusion?.denseWeight,
      load: `${startLoad} -> ${load()}`
    }
    if (values.json) {
      console.log(JSON.stringify(result, null, 2))
    } else {
      console.log(`Quarry build steps, first ${take.length} JFK records (${chunks.length} chunks${result.tokens !== undefined ? `, ${result.tokens} tokens read by the model` : ''}; ` +
        `LangChain's splitter: ${splits.length} texts${result.langchainTokens !== undefined ? `, ${result.langchainTokens} tokens` : ''})`)
      console.log('| step | s | share |')
      console.log('|---|---|---|')
      for (const [k, v] of Object.entries(steps)) console.log(`| ${k} | ${v.toFixed(2)} | ${(100 * v / result.total).toFixed(1)} % |`)
      console.log(`| total | ${result.total.toFixed(2)} | |`)
      console.log(`calibrated dense weight: ${result.denseWeight}`)
      console.log(`load average (1/5/15 min) at start -> end: ${result.load}`)
    }
  } finally {
    await node.stop()
  }
} finally {
  await rm(work, { recursive: true, force: true, maxRetries: 5 })
}
