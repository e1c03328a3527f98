/**
 * bench/parts: an index whose HNSW file is past 2 GiB, pinned in parts and
 * loaded by CID in a fresh process (issue 24 item 3). SYNTHETIC data,
 * labelled as such (see synthetic-hnsw.ts: random unit vectors, a valid but
 * not nearest-neighbour graph; one tiny chunk per vector).
 *
 *   node --import tsx bench/parts/run.ts [--count 140000] [--dim 4096] [--part-bytes 1073741824] [--queries 20]
 *
 * Steps, each timed: write the synthetic file; read it as 256 MiB parts and
 * load it with `loadHnswIndex` (checked against its expectation, streamed to
 * the file hnswlib reads); build the chunks and BM25 index; `pinIndex` with
 * the part size (the files staged and streamed into UnixFS parts); then
 * bench/parts/load.ts opens the index by CID in a fresh process.
 */
import { spawnSync } from 'node:child_process'
import { open, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { CID } from 'multiformats/cid'
import { createQuarryNode } from '../../corpora/index.js'
import { loadHnswIndex, pinIndex, readManifest, validateHnswFile } from '../../indexes/index.js'
import { syntheticChunks, syntheticLexical, syntheticManifest } from './synthetic-index.js'
import { writeSyntheticHnsw, type SyntheticHnsw } from './synthetic-hnsw.js'

const { values } = parseArgs({ options: { count: { type: 'string', default: '140000' }, dim: { type: 'string', default: '4096' }, 'part-bytes': { type: 'string', default: String(2 ** 30) }, queries: { type: 'string', default: '20' } } })
const s: SyntheticHnsw = { count: Number(values.count), dimensions: Number(values.dim), m: 16, efConstruction: 200, seed: 7 }
const partBytes = Number(values['part-bytes'])
const seconds = (t: number): number => Math.round((performance.now() - t) / 10) / 100
const gib = (n: number): string => (n / 2 ** 30).toFixed(3)
const log = (line: string): void => { console.log(line) }

/** The file as parts of `size` bytes, read one after another (never one buffer) */
async function readParts (file: string, size: number): Promise<Uint8Array[]> {
  const handle = await open(file, 'r')
  try {
    const parts: Uint8Array[] = []
    for (;;) {
      const buf = new Uint8Array(size)
      const { bytesRead } = await handle.read(buf, 0, size, null)
      if (bytesRead === 0) break
      parts.push(bytesRead === size ? buf : buf.subarray(0, bytesRead))
    }
    return parts
  } finally {
    await handle.close()
  }
}

log(`bench/parts: SYNTHETIC ${s.count} vectors × ${s.dimensions}-d, M ${s.m}; part size ${partBytes} bytes; load average ${loadavg().map(x => x.toFixed(2)).join(' ')}`)
const work = await mkdtemp(join(tmpdir(), 'quarry-bench-parts-'))
try {
  const file = join(work, 'synthetic.hnsw')
  let t = performance.now()
  const bytes = await writeSyntheticHnsw(file, s)
  log(`write synthetic file: ${gib(bytes)} GiB (${bytes} bytes, ${bytes > 2 ** 31 - 1 ? 'past' : 'under'} 2 GiB) in ${seconds(t)} s`)

  t = performance.now()
  const parts = await readParts(file, 256 * 2 ** 20)
  const readS = seconds(t)
  const expectation = { count: s.count, ids: s.count, m: s.m, efConstruction: s.efConstruction }
  // the pieces of loadHnswIndex, timed apart: the check, and the copy to the file hnswlib reads (its cost of taking parts)
  t = performance.now()
  validateHnswFile(parts, { dimensions: s.dimensions, ...expectation })
  const checkS = seconds(t)
  t = performance.now()
  await writeFile(join(work, 'copy.hnsw'), parts)
  const copyS = seconds(t)
  await rm(join(work, 'copy.hnsw'))
  t = performance.now()
  const vectors = await loadHnswIndex(parts, { dimensions: s.dimensions, params: { ef: 64 }, expect: expectation })
  log(`read as ${parts.length} parts of 256 MiB: ${readS} s; check: ${checkS} s; parts to a temp file: ${copyS} s; loadHnswIndex (check + temp file + hnswlib load): ${seconds(t)} s; ${vectors.size} vectors`)
  parts.length = 0
  await rm(file)

  t = performance.now()
  const chunks = await syntheticChunks(s.count)
  const lexical = syntheticLexical(chunks)
  const manifest = await syntheticManifest(s, lexical)
  log(`chunks + BM25 of ${chunks.length} chunks: ${seconds(t)} s`)

  const home = join(work, 'home')
  const node = await createQuarryNode({ home })
  let cid: string
  try {
    t = performance.now()
    cid = (await pinIndex(node, { manifest, chunks, vectors, lexical }, { partBytes })).toString()
    const pinned = await readManifest(node.fs, CID.parse(cid), { offline: true })
    log(`pinIndex: ${seconds(t)} s → ${cid}; parts: ${JSON.stringify(Object.fromEntries(Object.entries(pinned.parts ?? {}).map(([k, v]) => [k, v.length])))}`)
  } finally {
    await node.stop()
  }

  t = performance.now()
  const load = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'load.ts'), home, cid, JSON.stringify(s), '--queries', values.queries], { encoding: 'utf8', maxBuffer: 1 << 24 })
  if (load.status !== 0) throw new Error(`load.ts failed (${load.status}): ${load.stderr}`)
  log(`fresh process (load.ts, ${seconds(t)} s wall with start-up): ${load.stdout.trim()}`)
} finally {
  await rm(work, { recursive: true, force: true })
}
