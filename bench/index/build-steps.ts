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
  embeddingText, pinIndex, USE_TEXTS_PER_CALL, type Chunk, type IndexProgressEvent
} from '../../indexes/index.js'

/**
 * The model calls the USE runner makes for texts of these token lengths handed
 * over `perCall` at a time: one group per length in each, at most 8 texts a
 * model call, a lone text sent twice (use-runner.ts, use-onnx-runner.ts)
 */
function modelCalls (lengths: number[], perCall: number): { calls: number, rows: number, tokens: number } {
  let calls = 0
  let rows = 0
  let tokens = 0
  for (let start = 0; start < lengths.length; start += perCall) {
    const groups = new Map<number, number>()
    for (const l of lengths.slice(start, start + perCall)) groups.set(l, (groups.get(l) ?? 0) + 1)
    for (const [length, n] of groups) {
      for (let k = 0; k < n; k += USE_TEXTS_PER_CALL) {
        const sent = Math.min(USE_TEXTS_PER_CALL, n - k) === 1 ? 2 : Math.min(USE_TEXTS_PER_CALL, n - k)
        calls++
        rows += sent
        tokens += sent * length
      }
    }
  }
  return { calls, rows, tokens }
}

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
    const lengths = (xs: string[]): number[] => xs.map(x => embedder.batchKey?.(x === '' ? ' ' : x) ?? 0)
    const result = {
      records: take.length,
      chunks: chunks.length,
      tokens: tokens(texts),
      langchainTexts: splits.length,
      langchainTokens: tokens(splits),
      // the model calls USE makes: Quarry's build in token order, 64 texts an embedDocuments call (embedTexts);
      // the LangChain side 1,024 texts a call (its Embeddings wrapper in langchain-side.ts)
      modelWork: {
        quarry: modelCalls(lengths(texts).sort((a, b) => a - b), 64),
        langchain: modelCalls(lengths(splits), 1024),
        // before 4f4bcaf: texts ordered by characters, and the embedder grouped each 32 texts of a call apart
        'quarry before 4f4bcaf': modelCalls([...texts].sort((a, b) => a.length - b.length).map(x => embedder.batchKey?.(x === '' ? ' ' : x) ?? 0), 32),
        'langchain before 4f4bcaf': modelCalls(lengths(splits), 32)
      },
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
      for (const [side, w] of Object.entries(result.modelWork)) console.log(`USE model work, ${side}: ${w.calls} calls, ${w.rows} rows (a lone text of its length twice), ${w.tokens} tokens`)
      console.log(`calibrated dense weight: ${result.denseWeight}`)
      console.log(`load average (1/5/15 min) at start -> end: ${result.load}`)
    }
  } finally {
    await node.stop()
  }
} finally {
  await rm(work, { recursive: true, force: true, maxRetries: 5 })
}
