/**
 * bench/piece: throughput of fetching a corpus CAR by its Filecoin piece CID
 * (`quarry corpus fetch --piece`: `GET {provider}/piece/{pieceCid}` streamed
 * through the CommP v2 hasher to a file, then checked), beside a baseline
 * measured in the same run: the same download written to a file without
 * hashing. The ratio is the cost of hashing while streaming. The provider is
 * Quarry's own gateway (`quarry serve`'s `/piece/`) on 127.0.0.1, so the
 * figures are CPU-bound, not network-bound.
 *
 *   node --import tsx bench/piece/run.ts [--corpus FOLDER] [--runs N]
 *
 * `--corpus` defaults to the JFK corpus in ../shared (2,110 markdown files).
 */
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import { addFolder, computeDagPieceCid, createQuarryNode, fetchPiece, serveGateway } from '../../corpora/index.js'

const ROOT = join(import.meta.dirname, '../..')
const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: join(ROOT, '../shared/corpora/jfk-2025-0318') },
    runs: { type: 'string', default: '3' }
  }
})
const runs = Number(values.runs)
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN

const home = await mkdtemp(join(tmpdir(), 'quarry-bench-piece-'))
const node = await createQuarryNode({ home })
try {
  let t = Date.now()
  const { cid } = await addFolder(node, values.corpus)
  console.log(`imported ${values.corpus} as ${cid.toString()} in ${((Date.now() - t) / 1000).toFixed(1)} s`)
  t = Date.now()
  const info = await computeDagPieceCid(node.helia, cid)
  console.log(`piece ${info.pieceCid}: CAR ${(info.payloadSize / 1e6).toFixed(1)} MB, padded ${info.paddedSize} (computed in ${((Date.now() - t) / 1000).toFixed(2)} s)`)
  const gateway = await serveGateway(node.helia, { pieceRoot: async (p) => p === info.pieceCid ? cid : undefined })
  const dir = await mkdtemp(join(tmpdir(), 'quarry-bench-piece-dl-'))
  const plain: number[] = []
  const hashed: number[] = []
  const hashShare: number[] = []
  try {
    for (let i = 0; i < runs; i++) {
      // baseline: the same bytes to a file, no hashing
      t = performance.now()
      const res = await fetch(`${gateway.url}/piece/${info.pieceCid}`)
      await pipeline(res.body as unknown as AsyncIterable<Uint8Array>, createWriteStream(join(dir, 'plain.car')) as Writable)
      plain.push(info.payloadSize / 1e6 / ((performance.now() - t) / 1000))
      // fetchPiece: hashed while streaming, checked against the piece CID
      const piece = await fetchPiece(info.pieceCid, gateway.url, { dir })
      hashed.push(info.payloadSize / 1e6 / (piece.ms / 1000))
      hashShare.push(piece.hashMs / piece.ms)
      await rm(piece.file)
    }
  } finally {
    await gateway.close()
    await rm(dir, { recursive: true, force: true })
  }
  console.log(`load average ${loadavg().map(l => l.toFixed(2)).join(' ')}; ${runs} runs, medians:`)
  console.log(`  download to a file (baseline):        ${median(plain).toFixed(1)} MB/s`)
  console.log(`  fetchPiece (hash while streaming):    ${median(hashed).toFixed(1)} MB/s  (${(median(hashed) / median(plain)).toFixed(2)}x the baseline; hashing ${(100 * median(hashShare)).toFixed(0)}% of its time)`)
} finally {
  await node.stop()
  await rm(home, { recursive: true, force: true })
}
