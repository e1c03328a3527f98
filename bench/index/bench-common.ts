/**
 * What the two sides of bench/index share: the query set (drawn from the
 * documents, so it does not favour either chunker) and the
 * shape of the result each side writes.
 */
import { writeFile } from 'node:fs/promises'
import { exactSearch } from '../../indexes/index.js'

/** One side's measurements, written as JSON by a child process. */
export interface SideResult {
  side: 'quarry' | 'langchain' | 'langchain-pool'
  records: number
  chunks: number
  /** Characters embedded (sum of chunk lengths) */
  chars: number
  buildS: number
  /** Time to pin the index into IPFS (quarry only) */
  pinS?: number
  /** When each build step ended, seconds from the start of the build (quarry only) */
  phaseEnds?: Record<string, number>
  /** The calibrated dense weight of hybrid search (quarry only) */
  denseWeight?: number
  latenciesMs: number[]
  recallAt10: number
  /** Peak resident set size of the side's own process */
  maxRssMb: number
}

/**
 * `n` queries of 12 words each, taken from the middle of evenly spaced
 * documents; the same texts on both sides.
 */
export function pickQueries (texts: string[], n: number): string[] {
  const usable = texts.map(t => t.split(/\s+/).filter(w => /[a-z]{3}/i.test(w))).filter(ws => ws.length >= 24)
  const step = Math.max(1, Math.floor(usable.length / n))
  const out: string[] = []
  for (let i = 0; i < usable.length && out.length < n; i += step) {
    const words = usable[i] ?? []
    const mid = Math.floor(words.length / 2)
    out.push(words.slice(mid, mid + 12).join(' '))
  }
  return out
}

/** Peak RSS of this process in MB (resourceUsage reports kilobytes). */
export const maxRssMb = (): number => process.resourceUsage().maxRSS / 1024

/** Write a side's result where the parent asked for it. */
export async function writeResult (path: string, result: SideResult): Promise<void> {
  await writeFile(path, JSON.stringify(result))
}

/** How one side answers the benchmark queries */
export interface QuerySide {
  /** The search whose latency is timed */
  search(query: string): Promise<unknown>
  embedQuery(query: string): Promise<number[]>
  /** Ids of the approximate (HNSW) top 10 for a query vector: positions in `vectors` */
  approxTop10(vector: number[]): Promise<number[]> | number[]
  /** Every indexed vector, by id */
  vectors: number[][]
}

/** Time each query's search and measure HNSW recall@10 against exact cosine search. */
export async function measureQueries (queries: string[], side: QuerySide): Promise<Pick<SideResult, 'latenciesMs' | 'recallAt10'>> {
  const latenciesMs: number[] = []
  let recall = 0
  for (const q of queries) {
    const t = performance.now()
    await side.search(q)
    latenciesMs.push(performance.now() - t)
    const qv = await side.embedQuery(q)
    const approx = new Set(await side.approxTop10(qv))
    const exact = exactSearch(side.vectors, qv, 10)
    recall += exact.filter(r => approx.has(r.id)).length / exact.length
  }
  return { latenciesMs, recallAt10: recall / queries.length }
}
