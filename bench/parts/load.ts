/**
 * bench/parts, the load side in a fresh process (so its peak RSS is its own):
 *
 *   node --import tsx bench/parts/load.ts <home> <index cid> <synthetic params JSON> [--queries Q]
 *
 * Opens the pinned SYNTHETIC index by CID the way every command does (every
 * block hashed, each file read as its parts, the HNSW file checked against
 * the manifest), runs the first dense search (hnswlib loads the graph from
 * the parts then), checks stored vectors read back bit-exact (the last ones
 * lie past the file's 2 GiB offset), and times searches. Prints JSON.
 */
import { parseArgs } from 'node:util'
import { CID } from 'multiformats/cid'
import type { VectorIndex } from '../../indexes/index.js'
import { openQuarrySession, resolveSettings } from '../../session/index.js'
import { syntheticEmbedder } from './synthetic-index.js'
import { syntheticVector, type SyntheticHnsw } from './synthetic-hnsw.js'

const { positionals, values } = parseArgs({ allowPositionals: true, options: { queries: { type: 'string', default: '20' } } })
const [home, cidText, paramsJson] = positionals
if (home == null || cidText == null || paramsJson == null) throw new Error('usage: load.ts <home> <index cid> <synthetic params JSON>')
const s = JSON.parse(paramsJson) as SyntheticHnsw
const queries = Number(values.queries)
const seconds = (t: number): number => Math.round((performance.now() - t) / 10) / 100
const rssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024)
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN

const session = await openQuarrySession({ home, settings: resolveSettings({ home }, { env: {}, envFile: false }) })
try {
  const embedder = syntheticEmbedder(s)
  let t = performance.now()
  const index = await session.indexes.open(CID.parse(cidText), embedder)
  const openS = seconds(t)
  const openRss = rssMb()
  t = performance.now()
  const first = await index.search('label 7', { k: 10, mode: 'dense' })
  const firstDenseS = seconds(t)
  const vectors = index.vectors as Partial<VectorIndex>
  if (vectors.vector == null) throw new Error('the index was not opened from its HNSW file')
  const vectorOf = vectors.vector.bind(vectors)
  const checked = [0, Math.floor(s.count / 2), s.count - 2, s.count - 1]
  const bitExact = checked.every(i => {
    const want = syntheticVector(s, i)
    const got = vectorOf(i)
    return got.length === want.length && got.every((x, d) => x === want[d])
  })
  const dense: number[] = []
  const lexical: number[] = []
  let selfHits = 0
  for (let q = 0; q < queries; q++) {
    const label = (q * 7919) % s.count
    t = performance.now()
    const hits = await index.search(`label ${label}`, { k: 10, mode: 'dense' })
    dense.push(performance.now() - t)
    if (hits[0]?.chunk.text.startsWith(`chunk ${label} `) === true) selfHits++
    t = performance.now()
    await index.search(`chunk word${label % 5000}`, { k: 10, mode: 'lexical' })
    lexical.push(performance.now() - t)
  }
  console.log(JSON.stringify({
    openS,
    openRssMb: openRss,
    firstDenseSearchS: firstDenseS,
    firstHits: first.length,
    vectorsBitExact: bitExact,
    checkedLabels: checked,
    denseP50Ms: Math.round(pct(dense, 0.5) * 100) / 100,
    denseP95Ms: Math.round(pct(dense, 0.95) * 100) / 100,
    lexicalP50Ms: Math.round(pct(lexical, 0.5) * 100) / 100,
    selfHitsAt1: `${selfHits}/${queries}`,
    peakRssMb: rssMb()
  }))
} finally {
  await session.close()
}
