/**
 * In-process grids over SciFact's BM25 postings (no embedding, no Helia): the
 * parameter search behind DEFAULT_BM25 and the RM3 finding in
 * docs/evaluation.md. Selection uses the TRAIN split only; `one` also prints
 * test for a chosen setting.
 *
 *   node --import tsx bench/scifact/lexical-grid.ts grid                 # k1 × b × context weight, train
 *   node --import tsx bench/scifact/lexical-grid.ts rm3 0.9 0.4 1         # RM3 grid at k1 b contextWeight, train
 *   node --import tsx bench/scifact/lexical-grid.ts one 0.9 0.4 1         # one setting, train and test
 *
 * Documents are indexed as Quarry indexes SciFact: text `title\n\nabstract`
 * (the JSON loader) and the title as the context field.
 */
import { loadBeirDataset, ndcgAtK, recallAtK } from '../../eval/index.js'
import { createBm25Postings, expandQuery, queryTerms, type WeightedTerms } from '../../indexes/index.js'

const dir = process.env.QUARRY_SHARED === undefined ? new URL('../../../shared/beir/scifact', import.meta.url).pathname : `${process.env.QUARRY_SHARED}/beir/scifact`
const train = await loadBeirDataset(dir, { split: 'train' })
const test = await loadBeirDataset(dir, { split: 'test' })
const docs = [...train.corpus].map(([id, d]) => ({ id, ...d }))
const ids = docs.map(d => d.id)
const mode = process.argv[2] ?? 'grid'
const p = createBm25Postings({ k1: 0.9, b: 0.4, contextWeight: 1 })
p.add(docs.map((d, id) => ({ id, text: d.title ? `${d.title}\n\n${d.text}` : d.text, context: d.title })))

function rm3 (q: WeightedTerms, docs: number, terms: number, originalWeight: number): WeightedTerms {
  return expandQuery(p, q, p.scoreAll(q).scores, { docs, terms, originalWeight })
}

function evalSet (ds: typeof train, f: (q: string) => WeightedTerms): { ndcg: number, r100: number } {
  let n = 0, r = 0
  for (const q of ds.queries) {
    const ranked = [...p.scoreAll(f(q.text)).scores].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 100).map(([id]) => ids[id]!)
    const qr = ds.qrels.get(q.id) ?? {}
    n += ndcgAtK(ranked, qr, 10); r += recallAtK(ranked, qr, 100)
  }
  return { ndcg: n / ds.queries.length, r100: r / ds.queries.length }
}
const fmt = (x: { ndcg: number, r100: number }): string => `${x.ndcg.toFixed(4)} r100 ${x.r100.toFixed(3)}`
if (mode === 'grid') {
  for (const cw of [0, 1, 2]) for (const k1 of [0.6, 0.9, 1.2, 1.5]) for (const b of [0.3, 0.5, 0.7, 0.9]) {
    p.setParams({ k1, b, contextWeight: cw })
    console.log(`cw ${cw} k1 ${k1} b ${b} train ${fmt(evalSet(train, queryTerms))}`)
  }
} else if (mode === 'one') {
  const [k1, b, cw] = process.argv.slice(3).map(Number)
  p.setParams({ k1, b, contextWeight: cw })
  console.log(`cw ${cw} k1 ${k1} b ${b} train ${fmt(evalSet(train, queryTerms))} test ${fmt(evalSet(test, queryTerms))}`)
} else if (mode === 'rm3') {
  const [k1, b, cw] = process.argv.slice(3).map(Number)
  p.setParams({ k1, b, contextWeight: cw })
  console.log(`base train ${fmt(evalSet(train, queryTerms))}`)
  for (const fd of [3, 5, 10]) for (const ft of [10, 20, 40]) for (const ow of [0.5, 0.7, 0.85]) {
    console.log(`rm3 fd ${fd} ft ${ft} ow ${ow} train ${fmt(evalSet(train, q => rm3(queryTerms(q), fd, ft, ow)))}`)
  }
}
