import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { addFolder, createQuarryNode, fetchCorpus, listCorpusFiles, readFile, serveGateway, walkFolder, type GatewayServer, type QuarryNode } from '../corpora/index.js'
import { runCli } from './helpers/cli.js'
import { HAS_SHARED, shared, tempDir } from './helpers/shared.js'
import { readFile as readDisk } from 'node:fs/promises'
import type { CID } from 'multiformats/cid'

async function expectIdentical (home: string, root: CID, folder: string): Promise<void> {
  const node = await createQuarryNode({ home })
  try {
    const disk = await walkFolder(folder)
    const seen: string[] = []
    for await (const f of listCorpusFiles(node.fs, root, { offline: true })) {
      const bytes = await readFile(node.fs, f.cid, { offline: true })
      const original = await readDisk(disk.find(d => d.path === f.path)?.absolute ?? '/nonexistent')
      expect(Buffer.from(bytes).equals(original), f.path).toBe(true)
      seen.push(f.path)
    }
    expect(seen).toEqual(disk.map(d => d.path))
    expect(await node.helia.pins.isPinned(root)).toBe(true)
  } finally {
    await node.stop()
  }
}

describe.skipIf(!HAS_SHARED)('quarry corpus fetch between two nodes on loopback', () => {
  const folder = shared('corpora/filecoin-docs')
  let a: QuarryNode
  let root: CID
  let gateway: GatewayServer
  const cleanups: Array<() => Promise<void>> = []

  beforeAll(async () => {
    const t = await tempDir()
    cleanups.push(t.cleanup)
    a = await createQuarryNode({ home: t.dir, network: { listen: ['/ip4/127.0.0.1/tcp/0'] } })
    root = (await addFolder(a, folder)).cid
    gateway = await serveGateway(a.helia)
  })
  afterAll(async () => {
    await gateway.close()
    await a.stop()
    for (const c of cleanups) await c()
  })

  it('node B pulls the corpus over bitswap with --peer, byte-identical', async () => {
    const b = await tempDir()
    cleanups.push(b.cleanup)
    const peer = a.multiaddrs()[0]?.toString() ?? ''
    const res = await runCli(['corpus', 'fetch', root.toString(), '--peer', peer, '--name', 'docs', '--timeout', '90'], { home: b.dir })
    expect(res.stderr).toContain('fetched docs')
    expect(res.code).toBe(0)
    expect(res.stdout.trim()).toBe(root.toString())
    await expectIdentical(b.dir, root, folder)
  })

  it('a node told to use a peer hangs up and dials it again on reconnect(), and fetches over the fresh connection', async () => {
    const d = await tempDir()
    cleanups.push(d.cleanup)
    const peer = a.multiaddrs()[0]
    if (peer === undefined) throw new Error('node A listens on no address')
    const node = await createQuarryNode({ home: d.dir, network: { peers: [peer.toString()] } })
    try {
      const id = a.libp2p?.peerId.toString()
      const connections = (): string[] => node.libp2p?.getConnections().filter(c => c.remotePeer.toString() === id).map(c => c.id) ?? []
      const first = connections()
      expect(first).toHaveLength(1)
      await node.reconnect()
      // the disconnect dials again; wait for the new connection
      for (let i = 0; i < 100 && (connections().length === 0 || connections()[0] === first[0]); i++) await new Promise(resolve => setTimeout(resolve, 50))
      expect(connections()).toHaveLength(1)
      expect(connections()[0]).not.toBe(first[0])
      const result = await fetchCorpus(node, root, { timeoutMs: 60_000 })
      expect(result.blocks).toBeGreaterThan(198)
      // what a timed-out fetch would report of its peers
      expect(await node.peerStates()).toEqual([`${peer.toString()} connected, speaks bitswap`])
    } finally {
      await node.stop()
    }
  })

  it('node C pulls the corpus from a trustless gateway with --gateway, byte-identical', async () => {
    const c = await tempDir()
    cleanups.push(c.cleanup)
    const before = gateway.served()
    const res = await runCli(['corpus', 'fetch', root.toString(), '--gateway', gateway.url, '--timeout', '90'], { home: c.dir })
    expect(res.code).toBe(0)
    // no --name: the catalogue corpus with this CID names it, and its size is its files' bytes (a directory root's own size is 0)
    expect(res.stderr).toMatch(/^fetched filecoin-docs: \d+ files, \d+ documents, [1-9][\d.]* MiB$/m)
    expect(gateway.served() - before).toBeGreaterThan(198)
    await expectIdentical(c.dir, root, folder)
  })
})
