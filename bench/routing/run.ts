/**
 * bench/routing: what `--routing` adds to starting a node. A node with a
 * Delegated Routing V1 endpoint also loads libp2p and bitswap (a routed
 * provider may offer bitswap), a node with a named gateway loads only the
 * HTTP broker; both are started in the same run, cold (modules loaded) and
 * then warm. Nothing is contacted: the endpoints are 127.0.0.1:9 (discard).
 *
 *   node --import tsx bench/routing/run.ts [--runs N]
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createQuarryNode, type NetworkOptions } from '../../corpora/index.js'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } })
const kinds: Array<[string, NetworkOptions]> = [['--gateway', { gateways: ['http://127.0.0.1:9'] }], ['--routing', { routers: ['http://127.0.0.1:9'] }]]
const times = new Map<string, number[]>(kinds.map(([k]) => [k, []]))
for (let i = 0; i <= Number(values.runs); i++) {
  for (const [kind, network] of kinds) {
    const home = await mkdtemp(join(tmpdir(), 'quarry-bench-routing-'))
    const t = performance.now()
    const node = await createQuarryNode({ home, network })
    const ms = performance.now() - t
    await node.stop()
    await rm(home, { recursive: true, force: true })
    if (i === 0) console.log(`${kind} cold start (modules loaded): ${ms.toFixed(0)} ms`)
    else times.get(kind)?.push(ms)
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN
console.log(`load average ${loadavg().map(l => l.toFixed(2)).join(' ')}; warm starts, median of ${values.runs}:`)
for (const [kind] of kinds) console.log(`  ${kind}: ${median(times.get(kind) ?? []).toFixed(0)} ms`)
