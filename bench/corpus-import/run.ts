/**
 * bench/corpus-import: MB/s for `addFolder` and for a two-node fetch on
 * loopback (bitswap and trustless gateway), beside a baseline measured in the
 * same run: copying the same files with node:fs (the disk-bound ceiling).
 *
 *   npm run bench:corpus-import -- [folder]   (default ../shared/corpora/jfk-2025-0318/docs)
 */
import '../../corpora/index.js'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { addFolder, createQuarryNode, fetchCorpus, serveGateway, walkFolder } from '../../corpora/index.js'

const folder = resolve(process.argv[2] ?? join(import.meta.dirname, '../../../shared/corpora/jfk-2025-0318/docs'))
const work = await mkdtemp(join(tmpdir(), 'quarry-bench-'))
const files = await walkFolder(folder)
const mb = files.reduce((n, f) => n + f.size, 0) / 1e6
const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now()
  const v = await fn()
  return [v, (performance.now() - t) / 1000]
}
try {
  const [, copyS] = await time(async () => cp(folder, join(work, 'copy'), { recursive: true }))
  const a = await createQuarryNode({ home: join(work, 'a'), network: { listen: ['/ip4/127.0.0.1/tcp/0'] } })
  const [added, addS] = await time(async () => addFolder(a, folder))
  const peer = a.multiaddrs()[0]?.toString() ?? ''
  const b = await createQuarryNode({ home: join(work, 'b'), network: { peers: [peer] } })
  const [, bitswapS] = await time(async () => fetchCorpus(b, added.cid, { timeoutMs: 1_800_000 }))
  await b.stop()
  const gw = await serveGateway(a.helia)
  const c = await createQuarryNode({ home: join(work, 'c'), network: { gateways: [gw.url] } })
  const [, gatewayS] = await time(async () => fetchCorpus(c, added.cid, { timeoutMs: 1_800_000 }))
  await c.stop()
  await gw.close()
  await a.stop()
  const rate = (s: number): string => `${(mb / s).toFixed(2)} MB/s`
  console.log(`corpus: ${folder} (${files.length} files, ${mb.toFixed(1)} MB) → ${added.cid.toString()}`)
  console.log('| operation | seconds | throughput | ratio to fs copy |')
  console.log('|---|---|---|---|')
  for (const [name, s] of [['fs copy (baseline)', copyS], ['quarry add (UnixFS import + pin)', addS], ['fetch over bitswap (loopback)', bitswapS], ['fetch over trustless gateway (loopback)', gatewayS]] as const) {
    console.log(`| ${name} | ${s.toFixed(2)} | ${rate(s)} | ${(s / copyS).toFixed(1)}× slower |`)
  }
} finally {
  await rm(work, { recursive: true, force: true, maxRetries: 5 })
}
