/**
 * In-process grids over BM25 postings (no embedding): the parameter search
 * behind DEFAULT_BM25 and the RM3 finding in docs/evaluation.md. Selection
 * uses SciFact TRAIN (809 queries) and, with `--dev-home`, the Filecoin dev
 * sets (MRR@10 of the first chunk from a relevant path, over the
 * `filecoin-docs` index of that home); `one` also prints test for a chosen
 * setting, for reporting only.
 *
 *   node --import tsx bench/scifact/lexical-grid.ts grid [--dev-home <home>]           # k1 × b × context weight, no pairs
 *   node --import tsx bench/scifact/lexical-grid.ts pairs 1.2 0.4 1 [--dev-home <home>] # bigram weight grid at k1 b contextWeight
 *   node --import tsx bench/scifact/lexical-grid.ts rm3 1.2 0.4 1 0.2 [--dev-home <home>]  # RM3 grid at k1 b contextWeight bigramWeight
 *   node --import tsx bench/scifact/lexical-grid.ts one 1.2 0.4 1 0.2                  # one setting, train and test
 *   node --import tsx bench/scifact/lexical-grid.ts questions 1.2 0.4 1 0.2 [--dev-home <home>]  # question-word weight grid
 *
 * SciFact documents are indexed as Quarry indexes them: text `title\n\nabstract`
 * (the JSON loader) and the title as the context field; Filecoin chunks with
 * the text and context line the index builder uses.
 */
import '../../corpora/index.js'
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { loadBeirDataset, ndcgAtK, recallAtK } from '../../eval/index.js'
import { DEFAULT_BM25, QUESTION_WORD_WEIGHT, chunkBody, chunkContext, createBm25Postings, expandQuery, weightedQueryTerms } from '../../indexes/index.js'
import type { Bm25Params, Bm25Postings, FeedbackParams, WeightedTerms } from '../../indexes/index.js'
import { openQuarrySession } from '../../session/index.js'

const { values: args, positionals } = parseArgs({ allowPositionals: true, options: { 'dev-home': { type: 'string' } } })
const [mode = 'grid', ...rest] = positionals
const [k1 = DEFAULT_BM25.k1, b = DEFAULT_BM25.b, contextWeight = DEFAULT_BM25.contextWeight, bigramWeight = DEFAULT_BM25.bigramWeight ?? 0] = rest.map(Number)
// postings index term pairs only when created with a pair weight
const created: Bm25Params = { ...DEFAULT_BM25, bigramWeight: mode === 'pairs' || bigramWeight > 0 ? 1 : 0 }
const shared = process.env.QUARRY_SHARED ?? new URL('../../../shared', import.meta.url).pathname
const train = await loadBeirDataset(`${shared}/beir/scifact`, { split: 'train' })
const docs = [...train.corpus].map(([id, d]) => ({ id, ...d }))
const scifact = createBm25Postings(created)
scifact.add(docs.map((d, id) => ({ id, text: d.title ? `${d.title}\n\n${d.text}` : d.text, context: d.title })))

interface DevSet { name: string, questions: Array<{ question: string, relevant: string[] }> }
let dev: { postings: Bm25Postings, paths: string[], sets: DevSet[] } | undefined
if (args['dev-home'] !== undefined) {
  const session = await openQuarrySession({ home: args['dev-home'] })
  const index = await session.openIndex({ ref: 'filecoin-docs' })
  const postings = createBm25Postings(created)
  postings.add(index.chunks.map((chunk, id) => ({ id, text: chunkBody(chunk), context: chunkContext(chunk) })))
  const sets: DevSet[] = []
  for (const name of ['filecoin-docs-dev', 'filecoin-docs-faq-dev', 'filecoin-docs-wide-dev']) {
    const lines = (await readFile(`${shared}/eval/${name}.jsonl`, 'utf8')).trim().split('\n')
    sets.push({ name, questions: lines.map(l => JSON.parse(l) as DevSet['questions'][number]).filter(q => q.relevant.length > 0) })
  }
  dev = { postings, paths: index.chunks.map(c => c.path), sets }
  await session.close()
}

type Expand = (p: Bm25Postings, q: WeightedTerms) => WeightedTerms
const plain: Expand = (_p, q) => q
const rm3 = (params: FeedbackParams): Expand => (p, q) => expandQuery(p, q, p.scoreAll(q).scores, params)
let questionWordWeight = QUESTION_WORD_WEIGHT
const terms = (p: Bm25Postings, text: string): WeightedTerms => weightedQueryTerms(text, p.params.bigramWeight ?? 0, questionWordWeight)
const ranked = (p: Bm25Postings, q: WeightedTerms, k: number): number[] =>
  [...p.scoreAll(q).scores].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, k).map(([id]) => id)

function scifactFigures (ds: typeof train, expand: Expand): string {
  let n = 0
  let r = 0
  for (const q of ds.queries) {
    const ids = ranked(scifact, expand(scifact, terms(scifact, q.text)), 100).map(id => docs[id]?.id ?? '')
    const qrels = ds.qrels.get(q.id) ?? {}
    n += ndcgAtK(ids, qrels, 10)
    r += recallAtK(ids, qrels, 100)
  }
  return `${ds.split ?? ''} nDCG@10 ${(n / ds.queries.length).toFixed(4)} recall@100 ${(r / ds.queries.length).toFixed(3)}`
}

function devFigures (expand: Expand): string {
  if (dev === undefined) return ''
  const { postings, paths, sets } = dev
  return sets.map(({ name, questions }) => {
    let mrr = 0
    let top5 = 0
    for (const q of questions) {
      const rank = ranked(postings, expand(postings, terms(postings, q.question)), 10).findIndex(id => q.relevant.includes(paths[id] ?? ''))
      if (rank >= 0) mrr += 1 / (rank + 1)
      if (rank >= 0 && rank < 5) top5++
    }
    return `  ${name} MRR@10 ${(mrr / questions.length).toFixed(3)} recall@5 ${(top5 / questions.length).toFixed(3)}`
  }).join('')
}

function setParams (params: Partial<Bm25Params>): void {
  scifact.setParams(params)
  dev?.postings.setParams(params)
}

const label = `cw ${contextWeight} k1 ${k1} b ${b} pairs ${bigramWeight}`
if (mode === 'grid') {
  for (const cw of [0.5, 1, 2]) {
    for (const k of [0.6, 0.9, 1.0, 1.1, 1.2, 1.3, 1.5]) {
      for (const bb of [0.3, 0.4, 0.5, 0.6, 0.7]) {
        setParams({ k1: k, b: bb, contextWeight: cw, bigramWeight: 0 })
        console.log(`cw ${cw} k1 ${k} b ${bb}  ${scifactFigures(train, plain)}${devFigures(plain)}`)
      }
    }
  }
} else if (mode === 'pairs') {
  for (const w of [0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4]) {
    setParams({ k1, b, contextWeight, bigramWeight: w })
    console.log(`cw ${contextWeight} k1 ${k1} b ${b} pairs ${w}  ${scifactFigures(train, plain)}${devFigures(plain)}`)
  }
} else if (mode === 'one') {
  const test = await loadBeirDataset(`${shared}/beir/scifact`, { split: 'test' })
  setParams({ k1, b, contextWeight, bigramWeight })
  console.log(`${label}  ${scifactFigures(train, plain)}  ${scifactFigures(test, plain)}`)
} else if (mode === 'rm3') {
  setParams({ k1, b, contextWeight, bigramWeight })
  console.log(`${label} no feedback  ${scifactFigures(train, plain)}${devFigures(plain)}`)
  for (const fd of [3, 10]) {
    for (const ft of [10, 20]) {
      for (const ow of [0.75, 0.85, 0.9]) {
        const expand = rm3({ docs: fd, terms: ft, originalWeight: ow })
        console.log(`RM3 docs ${fd} terms ${ft} originalWeight ${ow}  ${scifactFigures(train, expand)}${devFigures(expand)}`)
      }
    }
  }
} else if (mode === 'questions') {
  setParams({ k1, b, contextWeight, bigramWeight })
  for (const w of [1, 0.5, 0.25, 0.1, 0]) {
    questionWordWeight = w
    console.log(`${label} question words ${w}  ${scifactFigures(train, plain)}${devFigures(plain)}`)
  }
} else {
  throw new Error(`Unknown mode ${mode}: grid, pairs, rm3, questions or one`)
}
process.exit(0)
