import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { CID } from 'multiformats/cid'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { createQuarryNode, listCorpusFiles } from '../corpora/index.js'
import { runCli } from './helpers/cli.js'
import { startServe, type ServeProcess } from './helpers/serve.js'
import { HAS_SHARED, tempDir } from './helpers/shared.js'
import { NO_LLM, prepareHome } from './helpers/test-home.js'
import type { AnswerRecord } from '../agent/index.js'

const QUESTION = 'What is Proof-of-Spacetime?'
const MCP_TOKEN = 'serve-test-token'
/** Several CLI runs per test, each loading the USE model: generous on a busy 2-core CI machine */
const SLOW = { timeout: 400_000 }

/** The file CIDs of a corpus, listed in a home that holds all of it */
async function corpusFileCids (home: string, corpusCid: string): Promise<CID[]> {
  const node = await createQuarryNode({ home })
  try {
    const cids: CID[] = []
    for await (const f of listCorpusFiles(node.fs, CID.parse(corpusCid), { offline: true })) cids.push(f.cid)
    return cids
  } finally {
    await node.stop()
  }
}

/** How many of `files` have their root block in a home, counted without touching the network */
async function localFiles (home: string, files: CID[]): Promise<{ local: number, total: number }> {
  const node = await createQuarryNode({ home })
  try {
    let local = 0
    for (const cid of files) if (await node.helia.blockstore.has(cid)) local++
    return { local, total: files.length }
  } finally {
    await node.stop()
  }
}

describe.skipIf(!HAS_SHARED)('sharing an index: export/import CARs, quarry serve, use by CID from an empty home', () => {
  let home: string
  let indexCid: string
  let corpusCid: string
  let serve: ServeProcess
  let files: CID[]
  const cleanups: Array<() => Promise<void>> = []
  const empty = async (): Promise<string> => {
    const t = await tempDir('quarry-empty-')
    cleanups.push(t.cleanup)
    return t.dir
  }

  beforeAll(async () => {
    const t = await prepareHome('quarry-share-')
    cleanups.push(t.cleanup)
    home = t.dir
    const entries = JSON.parse(await readFile(join(home, 'indexes.json'), 'utf8')).entries as Array<{ cid: string, corpusCid: string }>
    indexCid = entries.at(-1)?.cid ?? ''
    corpusCid = entries.at(-1)?.corpusCid ?? ''
    files = await corpusFileCids(home, corpusCid)
    serve = await startServe(home, ['--listen', '/ip4/127.0.0.1/tcp/0', '--gateway-listen', '127.0.0.1:0', '--mcp-http', '0', '--token', MCP_TOKEN])
  })
  afterAll(async () => {
    await serve?.stop('SIGKILL')
    for (const c of cleanups) await c()
  })

  it('exports the index and the corpus as CARs with their Filecoin piece CIDs, and imports the index into an empty home', SLOW, async () => {
    const out = await empty()
    const idx = await runCli(['index', 'export', 'filecoin-docs', join(out, 'index.car'), '--piece', '--json'], { home })
    expect(idx.code, idx.stderr).toBe(0)
    const exported = JSON.parse(idx.stdout) as { index: string, bytes: number, piece: { pieceCid: string, commP: string, paddedSize: number, payloadSize: number } }
    expect(exported.index).toBe(indexCid)
    expect(exported.piece.payloadSize).toBe(exported.bytes)
    expect(exported.piece.paddedSize).toBeGreaterThanOrEqual(exported.bytes * 128 / 127)
    expect(exported.piece.pieceCid).toMatch(/^bafkzcib/)
    const corpus = await runCli(['corpus', 'export', 'filecoin-docs', join(out, 'corpus.car'), '--piece'], { home })
    expect(corpus.code, corpus.stderr).toBe(0)
    expect(corpus.stdout).toMatch(/piece CID: {2}bafkzcib\w+\nCommP \(v1\): baga6ea4sea\w+\npiece size: \d+ \(padded; CAR payload \d+ bytes\)/)

    const b = await empty()
    const imported = await runCli(['index', 'import', join(out, 'index.car')], { home: b })
    expect(imported.code, imported.stderr).toBe(0)
    expect(imported.stdout.trim()).toBe(indexCid)
    // the imported index searches offline on its own: chunk texts live in the index
    const search = await runCli(['search', 'storage deal', '--index', indexCid, '--json'], { home: b, env: NO_LLM })
    expect(search.code, search.stderr).toBe(0)
    expect((JSON.parse(search.stdout) as { results: unknown[] }).results).toHaveLength(5)

    // a CAR that is not an index is refused, and leaves nothing registered or pinned
    const c = await empty()
    const bad = await runCli(['index', 'import', join(out, 'corpus.car')], { home: c })
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('InvalidIndexError')
    const list = await runCli(['index', 'list', '--json'], { home: c })
    expect(JSON.parse(list.stdout)).toEqual([])
    const node = await createQuarryNode({ home: c })
    try {
      expect(await node.helia.pins.isPinned(CID.parse(corpusCid))).toBe(false)
    } finally {
      await node.stop()
    }
  })

  it('quarry serve prints its addresses; ask --index <cid> --peer works on an empty home over bitswap, and verify fetches only the cited documents', SLOW, async () => {
    expect(serve.stdout()).toContain(`index ${indexCid}`)
    expect(serve.stdout()).toContain(`corpus ${corpusCid} filecoin-docs`)
    const peer = serve.multiaddrs[0] ?? ''
    expect(peer).toMatch(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/\w+$/)
    const b = await empty()
    const started = Date.now()
    // --timeout under the harness's kill: a fetch that stalls ends in an error that says why, not a silent kill
    const ask = await runCli(['ask', QUESTION, '--index', indexCid, '--peer', peer, '--json', '--timeout', '90'], { home: b, env: NO_LLM, timeoutMs: 200_000 })
    const firstAnswerMs = Date.now() - started
    expect(ask.code, ask.stderr).toBe(0)
    const record = JSON.parse(ask.stdout) as AnswerRecord
    expect(record.citations.length).toBeGreaterThan(0)
    expect(record.corpusCid).toBe(corpusCid)
    console.log(`[share] time to first answer, empty home over bitswap (CLI start, index fetch + verify, USE query, answer): ${(firstAnswerMs / 1000).toFixed(1)} s`)
    // nothing of the corpus was fetched to answer
    const before = await localFiles(b, files)
    expect(before.local).toBe(0)

    const file = join(b, 'answer.json')
    await writeFile(file, ask.stdout)
    const verify = await runCli(['verify', file, '--peer', peer], { home: b })
    expect(verify.code, verify.stdout + verify.stderr).toBe(0)
    expect(verify.stdout).toContain(`all ${record.citations.length} citations`)
    const after = await localFiles(b, files)
    const cited = new Set(record.citations.map(c => c.docCid)).size
    expect(after.local).toBe(cited)
    expect(after.total).toBeGreaterThan(cited)
  })

  it('index fetch --gateway pulls the index from the serve gateway; ask then runs offline and verify fetches lazily over the gateway', SLOW, async () => {
    const gateway = serve.gateway ?? ''
    expect(gateway).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const c = await empty()
    const started = Date.now()
    const fetched = await runCli(['index', 'fetch', indexCid, '--gateway', gateway, '--timeout', '60'], { home: c })
    expect(fetched.code, fetched.stderr).toBe(0)
    expect(fetched.stdout.trim()).toBe(indexCid)
    const ask = await runCli(['ask', QUESTION, '--index', indexCid, '--json'], { home: c, env: NO_LLM })
    console.log(`[share] time to first answer over the gateway (index fetch, then ask): ${((Date.now() - started) / 1000).toFixed(1)} s`)
    expect(ask.code, ask.stderr).toBe(0)
    const file = join(c, 'answer.json')
    await writeFile(file, ask.stdout)
    // without --gateway the blocks are not here: verify could not check (exit 2) and says how to supply them
    const offline = await runCli(['verify', file], { home: c })
    expect(offline.code).toBe(2)
    expect(offline.stdout + offline.stderr).toMatch(/--gateway/)
    const verify = await runCli(['verify', file, '--gateway', gateway], { home: c })
    expect(verify.code, verify.stdout + verify.stderr).toBe(0)
    const after = await localFiles(c, files)
    expect(after.local).toBeLessThan(after.total)
  })

  it('hosts the MCP HTTP endpoint beside bitswap and the gateway (bearer token required)', SLOW, async () => {
    const url = new URL(serve.mcp ?? expect.fail(`no mcp line in: ${serve.stdout()}`))
    expect(url.hostname).toBe('127.0.0.1')
    const refused = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' }, body: '{}' })
    expect(refused.status).toBe(401)
    const client = new Client({ name: 'quarry-serve-test', version: '1.0.0' })
    await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${MCP_TOKEN}` } } }))
    try {
      const tools = await client.listTools()
      expect(tools.tools.map(t => t.name)).toContain('quarry_search')
    } finally {
      await client.close()
    }
  })

  it('stops cleanly on SIGTERM', async () => {
    const code = await serve.stop('SIGTERM')
    expect(code).toBe(0)
    expect(serve.stderr()).toContain('quarry serve: stopped')
  })
})
