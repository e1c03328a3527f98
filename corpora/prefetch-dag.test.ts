import { describe, it, expect } from 'vitest'
import * as dagPb from '@ipld/dag-pb'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { CID } from 'multiformats/cid'
import { prefetchDag } from './prefetch-dag.js'
import type { Helia } from 'helia'

/** A DAG of one dag-pb root linking `n` raw leaves, as blocks by CID string */
async function smallDag (n: number): Promise<{ root: CID, blocks: Map<string, Uint8Array> }> {
  const blocks = new Map<string, Uint8Array>()
  const links = []
  for (let i = 0; i < n; i++) {
    const bytes = new TextEncoder().encode(`leaf ${i}`)
    const cid = CID.createV1(raw.code, await sha256.digest(bytes))
    blocks.set(cid.toString(), bytes)
    links.push({ Hash: cid, Name: `${i}`, Tsize: bytes.byteLength })
  }
  const rootBytes = dagPb.encode(dagPb.prepare({ Data: new Uint8Array([8, 1]), Links: links }))
  const root = CID.createV1(dagPb.code, await sha256.digest(rootBytes))
  blocks.set(root.toString(), rootBytes)
  return { root, blocks }
}

/**
 * A blockstore standing in for bitswap (no network in a unit test): `lost`
 * blocks are not answered the first `times` times they are wanted — as when a
 * want goes out on a stream that is reset — and answered after that
 */
function lossyBlockstore (blocks: Map<string, Uint8Array>, lost: Set<string>, times = 1): { helia: Helia, asked: Map<string, number> } {
  const asked = new Map<string, number>()
  const get = (cid: CID, options: { signal?: AbortSignal } = {}): AsyncIterable<Uint8Array> => ({
    async * [Symbol.asyncIterator] () {
      const key = cid.toString()
      const n = (asked.get(key) ?? 0) + 1
      asked.set(key, n)
      if (lost.has(key) && n <= times) {
        await new Promise<never>((_resolve, reject) => {
          options.signal?.addEventListener('abort', () => { reject(options.signal?.reason) }, { once: true })
        })
      }
      const block = blocks.get(key)
      if (block === undefined) throw new Error(`no block ${key}`)
      yield block
    }
  })
  return { helia: { blockstore: { get, createSession: () => ({ get }) } } as unknown as Helia, asked }
}

describe('prefetchDag', () => {
  it('wants a block again when nothing arrives for stallMs, and completes the DAG', async () => {
    const { root, blocks } = await smallDag(6)
    const lost = [...blocks.keys()].filter(k => k !== root.toString()).slice(0, 2)
    const { helia, asked } = lossyBlockstore(blocks, new Set(lost))
    const started = Date.now()
    let stalls = 0
    const result = await prefetchDag(helia, root, { stallMs: 50, onStall: () => { stalls++ } })
    expect(result.blocks).toBe(7)
    // told of the stall (the fetch reconnects to its peers then) once, before the lost blocks were wanted again
    expect(stalls).toBe(1)
    for (const key of lost) expect(asked.get(key)).toBe(2)
    expect(asked.get(root.toString())).toBe(1)
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('still fails when the caller aborts, rather than wanting blocks forever', async () => {
    const { root, blocks } = await smallDag(3)
    const leaves = new Set([...blocks.keys()].filter(k => k !== root.toString()))
    const { helia, asked } = lossyBlockstore(blocks, leaves, Infinity)
    await expect(prefetchDag(helia, root, { stallMs: 20, signal: AbortSignal.timeout(300) })).rejects.toThrow()
    // wanted again after each stall (the wait doubling: 20, 40, 80, 160 ms), then given up with the caller
    for (const key of leaves) expect(asked.get(key)).toBeGreaterThanOrEqual(2)
  })
})
