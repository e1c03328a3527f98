/**
 * bench/scale, one measurement in its own process (so peak RSS is its own):
 *
 *   node --import tsx bench/scale/side.ts <hnsw|bm25> <n> <out.json> [--dim D] [--queries Q]
 *
 * SYNTHETIC data, labelled as such: `hnsw` uses clustered unit vectors
 * (1,000 Gaussian clusters, like real embeddings rather than uniform noise);
 * `bm25` uses texts of 120 words drawn from a Zipf(1.0) vocabulary of 50,000
 * pseudo-words. Queries: 100 perturbed data vectors / 3-word texts.
 */
import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { createHnswIndex, createLexicalIndex, loadHnswIndex, loadLexicalIndex } from '../../indexes/index.js'

const { positionals, values } = parseArgs({ allowPositionals: true, options: { dim: { type: 'string', default: '512' }, queries: { type: 'string', default: '100' } } })
const [kind, nText, out] = positionals
if ((kind !== 'hnsw' && kind !== 'bm25') || nText == null || out == null) throw new Error('usage: side.ts <hnsw|bm25> <n> <out.json>')
const n = Number(nText)
const dim = Number(values.dim)
const nq = Number(values.queries)

let seed = 42
const rand = (): number => { seed = (seed * 1664525 + 1013904223) >>> 0; return seed / 2 ** 32 }
const gauss = (): number => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand())
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN
const rssMb = (): number => process.resourceUsage().maxRSS / 1024

function unit (v: Float32Array): Float32Array {
  let s = 0
  for (const x of v) s += x * x
  const norm = Math.sqrt(s) || 1
  for (let i = 0; i < v.length; i++) v[i] = (v[i] ?? 0) / norm
  return v
}

async function hnsw (): Promise<Record<string, unknown>> {
  const centroids = Array.from({ length: 1000 }, () => unit(Float32Array.from({ length: dim }, gauss)))
  const data = new Float32Array(n * dim)
  for (let i = 0; i < n; i++) {
    const c = centroids[Math.floor(rand() * centroids.length)] ?? centroids[0]!
    const v = unit(Float32Array.from({ length: dim }, (_, j) => (c[j] ?? 0) + 0.35 * gauss() / Math.sqrt(dim) * 4))
    data.set(v, i * dim)
  }
  const row = (i: number): number[] => Array.from(data.subarray(i * dim, (i + 1) * dim))
  let t = performance.now()
  const index = createHnswIndex({ dimensions: dim, capacity: n })
  for (let s = 0; s < n; s += 1000) {
    const ids = Array.from({ length: Math.min(1000, n - s) }, (_, i) => s + i)
    index.add(ids.map(row), ids)
    if (s % 20000 === 0) console.error(`hnsw ${n}: added ${s}, ${((performance.now() - t) / 1000).toFixed(0)} s`)
  }
  const buildS = (performance.now() - t) / 1000
  const bytes = await index.toBytes()
  t = performance.now()
  const loaded = await loadHnswIndex(bytes, { dimensions: dim, params: { ef: 256 } })
  const loadS = (performance.now() - t) / 1000
  const lat: number[] = []
  const exactLat: number[] = []
  let recall = 0
  for (let q = 0; q < nq; q++) {
    const base = Math.floor(rand() * n)
    const qv = Array.from(unit(Float32Array.from(data.subarray(base * dim, (base + 1) * dim), x => x + 0.02 * gauss())))
    t = performance.now()
    const approx = loaded.search(qv, 10)
    lat.push(performance.now() - t)
    t = performance.now()
    // exact: brute-force dot products (vectors are unit length)
    const top: Array<[number, number]> = []
    for (let i = 0; i < n; i++) {
      let dot = 0
      const off = i * dim
      for (let j = 0; j < dim; j++) dot += (data[off + j] ?? 0) * (qv[j] ?? 0)
      if (top.length < 10 || dot > (top[top.length - 1]?.[1] ?? -Infinity)) {
        top.push([i, dot]); top.sort((a, b) => b[1] - a[1]); if (top.length > 10) top.pop()
      }
    }
    exactLat.push(performance.now() - t)
    const got = new Set(approx.map(r => r.id))
    recall += top.filter(([i]) => got.has(i)).length / 10
  }
  return { kind, n, dim, synthetic: 'clustered unit vectors', buildS, fileMb: bytes.byteLength / 1e6, loadS, p50Ms: pct(lat, 0.5), p95Ms: pct(lat, 0.95), exactP50Ms: pct(exactLat, 0.5), recallAt10: recall / nq, peakRssMb: rssMb() }
}

async function bm25 (): Promise<Record<string, unknown>> {
  const V = 50_000
  const letters = 'abcdefghijklmnopqrstuvwxyz'
  const vocab = Array.from({ length: V }, (_, i) => { let w = ''; let x = i + 7; do { w += letters[x % 26]; x = Math.floor(x / 26) } while (x > 0); return 'q' + w + 'z' })
  const cdf: number[] = []
  let acc = 0
  for (let r = 1; r <= V; r++) { acc += 1 / r; cdf.push(acc) }
  const word = (): string => {
    const u = rand() * acc
    let lo = 0; let hi = V - 1
    while (lo < hi) { const mid = (lo + hi) >> 1; if ((cdf[mid] ?? 0) < u) lo = mid + 1; else hi = mid }
    return vocab[lo] ?? 'x'
  }
  const text = (len: number): string => Array.from({ length: len }, word).join(' ')
  let t = performance.now()
  const index = createLexicalIndex()
  for (let s = 0; s < n; s += 5000) {
    index.add(Array.from({ length: Math.min(5000, n - s) }, (_, i) => ({ id: s + i, text: text(120) })))
    if (s % 100000 === 0) console.error(`bm25 ${n}: added ${s}, ${((performance.now() - t) / 1000).toFixed(0)} s`)
  }
  index.match('') // sorts the postings into their lists
  const buildS = (performance.now() - t) / 1000
  t = performance.now()
  const bytes = index.toBytes()
  const writeS = (performance.now() - t) / 1000
  t = performance.now()
  const loaded = loadLexicalIndex(bytes)
  const loadS = (performance.now() - t) / 1000
  const lat: number[] = []
  for (let q = 0; q < nq; q++) {
    const query = text(3)
    t = performance.now()
    loaded.search(query, 10)
    lat.push(performance.now() - t)
  }
  return { kind, n, synthetic: 'Zipf texts, 120 words', buildS, writeS, fileMb: bytes.byteLength / 1e6, loadS, p50Ms: pct(lat, 0.5), p95Ms: pct(lat, 0.95), peakRssMb: rssMb() }
}

const result = kind === 'hnsw' ? await hnsw() : await bm25()
await writeFile(out, JSON.stringify(result))
console.log(JSON.stringify(result))
