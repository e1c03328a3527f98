import { unixfs, type AddOptions } from '@helia/unixfs'
import { MemoryBlockstore } from 'blockstore-core'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { IMPORT_PARAMS } from './import-params.js'
import { createUnixFSReader } from './unixfs-reader.js'
import { resolveVerifiedPath, verifiedBlocks } from './verified-blocks.js'
import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import { CID } from 'multiformats/cid'

/** Deterministic bytes that are not all alike */
function bytes (n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n)
  let x = seed
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0
    out[i] = x >>> 24
  }
  return out
}

/** A chunker cutting `size`-byte pieces, so small files become deep DAGs */
function fixedChunker (size: number): NonNullable<AddOptions['chunker']> {
  return async function * (source) {
    let buf = new Uint8Array(0)
    for await (const part of source) {
      const joined = new Uint8Array(buf.length + part.length)
      joined.set(buf)
      joined.set(part, buf.length)
      buf = joined
      while (buf.length >= size) {
        yield buf.slice(0, size)
        buf = buf.slice(size)
      }
    }
    if (buf.length > 0) yield buf
  }
}

const files = [
  { path: 'empty.txt', content: new Uint8Array(0) },
  { path: 'small.md', content: new TextEncoder().encode('# Title\n\nA short page.\n') },
  { path: 'docs/large.bin', content: bytes(30_000, 7) },
  ...Array.from({ length: 40 }, (_, i) => ({ path: `many/file-with-a-long-name-${String(i).padStart(3, '0')}.txt`, content: bytes(50 + i, i) }))
]

async function all<T> (it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const x of it) out.push(x)
  return out
}

async function collect (it: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  return Buffer.concat(await all(it))
}

/** Every node under `root`, compared between `@helia/unixfs` and the light reader */
async function compareAll (options: Partial<AddOptions>): Promise<{ compared: number, shards: number }> {
  const blockstore = new MemoryBlockstore()
  const helia = unixfs({ blockstore })
  let root: CID | undefined
  for await (const e of helia.addAll(files.map(f => ({ path: f.path, content: f.content })), { ...options, wrapWithDirectory: true } as AddOptions)) root = e.cid
  const reader = createUnixFSReader(verifiedBlocks({ blockstore, getHasher: () => sha256 }).get)
  const queue: CID[] = [root as CID]
  let compared = 0
  let shards = 0
  while (queue.length > 0) {
    const cid = queue.pop() as CID
    const [a, b] = [await helia.stat(cid), await reader.stat(cid)]
    expect({ type: b.type, size: b.size }, cid.toString()).toEqual({ type: a.type, size: a.size })
    if (a.type === 'directory') {
      const want = (await all(helia.ls(cid))).map(e => ({ cid: e.cid.toString(), name: e.name, path: e.path, size: e.size }))
      const got = (await all(reader.ls(cid))).map(e => ({ cid: e.cid.toString(), name: e.name, path: e.path, size: e.size }))
      expect(got).toEqual(want)
      for await (const e of helia.ls(cid)) queue.push(e.cid)
      if (a.unixfs?.type === 'hamt-sharded-directory') shards++
    } else {
      expect(Buffer.compare(await collect(reader.cat(cid)), await collect(helia.cat(cid))), cid.toString()).toBe(0)
    }
    compared++
  }
  return { compared, shards }
}

describe('createUnixFSReader (what @helia/unixfs reads, without its importer)', () => {
  it('reads Quarry\'s import profile the same, HAMT-sharded folders included', async () => {
    const { compared, shards } = await compareAll({ ...IMPORT_PARAMS, shardSplitThresholdBytes: 200, chunker: fixedChunker(1000) })
    expect(compared).toBeGreaterThan(40)
    expect(shards).toBeGreaterThan(0)
  })

  it('reads HAMT shards of any fan-out by the fan-out each shard states (16: 1-character buckets, 4096: 3)', async () => {
    for (const shardFanoutBits of [4, 12]) {
      const { compared, shards } = await compareAll({ ...IMPORT_PARAMS, shardSplitThresholdBytes: 200, shardFanoutBits, chunker: fixedChunker(1000) })
      expect(compared, `fan-out ${2 ** shardFanoutBits}`).toBeGreaterThan(40)
      expect(shards, `fan-out ${2 ** shardFanoutBits}`).toBeGreaterThan(0)
    }
  })

  it('finds a path through a fan-out 16 shard, and refuses a shard whose fan-out is not a power of two', async () => {
    const blockstore = new MemoryBlockstore()
    const helia = unixfs({ blockstore })
    let root: CID | undefined
    for await (const e of helia.addAll(files.map(f => ({ path: f.path, content: f.content })), { ...IMPORT_PARAMS, shardSplitThresholdBytes: 200, shardFanoutBits: 4, wrapWithDirectory: true } as AddOptions)) root = e.cid
    const blocks = verifiedBlocks({ blockstore, getHasher: () => sha256 })
    const want = (await all(helia.ls(root as CID, { path: 'many' }))).find(e => e.name === 'file-with-a-long-name-017.txt')
    expect((await resolveVerifiedPath(blocks, root as CID, 'many/file-with-a-long-name-017.txt')).toString()).toBe(want?.cid.toString())
    // the same shard with its fan-out field rewritten to 17
    const many = (await helia.stat(root as CID, { path: 'many' })).cid
    const pb = dagPb.decode(await blocks.get(many))
    const data = UnixFS.unmarshal(pb.Data as Uint8Array)
    expect([data.type, data.fanout]).toEqual(['hamt-sharded-directory', 16n])
    data.fanout = 17n
    const bad = dagPb.encode({ Data: data.marshal(), Links: pb.Links })
    const badCid = CID.createV1(dagPb.code, await sha256.digest(bad))
    await blockstore.put(badCid, bad)
    const reader = createUnixFSReader(blocks.get)
    await expect(all(reader.ls(badCid))).rejects.toThrow(/fan-out 17, which is not a power of two/)
    await expect(resolveVerifiedPath(blocks, badCid, 'file-with-a-long-name-017.txt')).rejects.toMatchObject({ name: 'CorruptBlockError' })
  })

  it('reads CIDv0 DAGs with dag-pb leaves and several levels the same', async () => {
    expect((await compareAll({ cidVersion: 0, rawLeaves: false, leafType: 'file', reduceSingleLeafToSelf: false, chunker: fixedChunker(64) })).compared).toBeGreaterThan(40)
  })

  it('refuses to cat a folder and to read a codec that is not UnixFS', async () => {
    const blockstore = new MemoryBlockstore()
    const helia = unixfs({ blockstore })
    const dir = await helia.addDirectory()
    const reader = createUnixFSReader(verifiedBlocks({ blockstore, getHasher: () => sha256 }).get)
    await expect(collect(reader.cat(dir))).rejects.toThrow(/is not a file/)
    // the same block named as dag-json
    await expect(reader.stat(CID.createV1(0x0129, dir.multihash))).rejects.toThrow(/not UnixFS/)
  })
})
