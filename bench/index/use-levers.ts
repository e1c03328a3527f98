/**
 * bench/index/use-levers.ts: what each change to how Quarry runs USE-lite
 * (indexes/embedders/use-runner.ts) is worth, per text, on one thread, on the
 * texts the LangChain baseline embeds (RecursiveCharacterTextSplitter 1000/150
 * over the first JFK records). Variants run in turn on the same texts, round
 * after round (the best round is printed, so other load on the machine counts
 * least); vectors are compared with the shipped runner's.
 *
 *   node --import tsx bench/index/use-levers.ts [--records 40] [--texts 48] [--rounds 3]
 */
import { createRequire } from 'node:module'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters'
import { walkFolder } from '../../corpora/index.js'
import { USE_TEXTS_PER_CALL, createUseRunner, useModulePaths, type UseModel, type UseRunner, type UseTf } from '../../indexes/index.js'

interface Kernel { kernelFunc: unknown }
interface Tf {
  getKernel(name: string, backend: string): Kernel
  unregisterKernel(name: string, backend: string): void
  registerKernel(kernel: Kernel): void
}
interface Model { embed(texts: string[]): Promise<number[][]>, tokenizer: { encode(text: string): number[] } }

const { values } = parseArgs({ options: { records: { type: 'string', default: '40' }, texts: { type: 'string', default: '48' }, rounds: { type: 'string', default: '3' } } })
const paths = useModulePaths()
const require = createRequire(import.meta.url)
const tf = require(paths.core) as Tf
const { initModel } = require(paths.embeddings) as { initModel(source: unknown): Promise<Model> }
const { modelSource } = require(paths.model) as { modelSource: unknown }
const model = await initModel(modelSource)

const files = (await walkFolder(resolve(import.meta.dirname, '../../../shared/corpora/jfk-2025-0318/docs'))).slice(0, Number(values.records))
const splitter = new RecursiveCharacterTextSplitter({ chunkSize: 1000, chunkOverlap: 150 })
const all: string[] = []
for (const f of files) all.push(...await splitter.splitText(await readFile(f.absolute, 'utf8')))
const perRound = Number(values.texts)
const rounds = Number(values.rounds)
if (all.length < perRound * rounds) throw new Error(`only ${all.length} texts in ${files.length} records: raise --records`)

const original = tf.getKernel('BatchMatMul', 'wasm')
// the runner's lever is an option: texts of one token length per model call
const runnerWith = (textsPerCall: number): UseRunner => createUseRunner(tf as unknown as UseTf, model as unknown as UseModel, { textsPerCall })
const shipped = runnerWith(USE_TEXTS_PER_CALL)
const one = runnerWith(1)
const perHead = tf.getKernel('BatchMatMul', 'wasm')
const use = (kernel: Kernel): void => { tf.unregisterKernel('BatchMatMul', 'wasm'); tf.registerKernel(kernel) }
const byCalls = async (texts: string[], n: number): Promise<number[][]> => {
  const out: number[][] = []
  for (let i = 0; i < texts.length; i += n) out.push(...await model.embed(texts.slice(i, i + n)))
  return out
}

const variants: Array<[string, (texts: string[]) => Promise<number[][]>]> = [
  ['model.embed, 1 text a call (Quarry before)', async t => { use(original); return byCalls(t, 1) }],
  ['model.embed, 8 texts a call (the baseline)', async t => { use(original); return byCalls(t, 8) }],
  ['+ attention per head (XNNPACK), 1 a call', async t => { use(perHead); return byCalls(t, 1) }],
  ['+ first 128 tokens only, 1 a call', async t => { use(perHead); return one.embed(t) }],
  ['+ equal token lengths 8 a call (shipped)', async t => { use(perHead); return shipped.embed(t) }]
]
// warm up each variant (kernels, XNNPACK operators, JIT) before any timing
for (const [, run] of variants) await run(all.slice(0, 2))
const best = new Map<string, number>()
let differ = 0
for (let r = 0; r < rounds; r++) {
  const texts = all.slice(r * perRound, (r + 1) * perRound)
  let reference: number[][] | undefined
  for (const [name, run] of variants) {
    const started = performance.now()
    const vectors = await run(texts)
    const ms = (performance.now() - started) / texts.length
    best.set(name, Math.min(best.get(name) ?? Infinity, ms))
    if (name.includes('shipped')) reference = vectors
  }
  // the per-head variants must agree bit for bit with the shipped runner
  use(perHead)
  const singles = await byCalls(texts, 1)
  singles.forEach((v, i) => { if (v.some((x, j) => x !== reference?.[i]?.[j])) differ++ })
}
let tokFull = 0
let tokPrefix = 0
for (const t of all.slice(0, perRound)) {
  let s = performance.now(); model.tokenizer.encode(t); tokFull += performance.now() - s
  s = performance.now(); shipped.tokenIds(t); tokPrefix += performance.now() - s
}
console.log(`USE-lite on one thread, ${perRound} LangChain-split JFK texts a round (mean ${Math.round(all.slice(0, perRound * rounds).reduce((n, t) => n + t.length, 0) / (perRound * rounds))} chars), best of ${rounds} rounds:`)
const first = best.get(variants[0]?.[0] ?? '') ?? NaN
for (const [name] of variants) console.log(`  ${name.padEnd(46)} ${(best.get(name) ?? NaN).toFixed(1)} ms/text  (${(first / (best.get(name) ?? NaN)).toFixed(2)}x)`)
console.log(`  tokenizing: whole text ${(tokFull / perRound).toFixed(2)} ms/text, first 128 tokens ${(tokPrefix / perRound).toFixed(2)} ms/text`)
console.log(`  shipped runner vs model.embed one text a call (same kernel): ${differ} of ${perRound * rounds} vectors differ`)
