import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { createQuarryNode, listCorpusFiles } from '../corpora/index.js'
import { runCli } from './helpers/cli.js'
import { startRoutingServer, serveProviders, type RoutingServer } from './helpers/routing-server.js'
import { startServe, type ServeProcess } from './helpers/serve.js'
import { HAS_SHARED, tempDir } from './helpers/shared.js'
import { NO_LLM, prepareHome } from './helpers/test-home.js'
import type { AnswerRecord } from '../agent/index.js'

const SLOW = { timeout: 400_000 }

/** Path → file CID of a corpus in a home that holds all of it (read offline) */
async function corpusFiles (home: string, root: string): Promise<Map<string, string>> {
  const node = await createQuarryNode({ home })
  try {
    const files = new Map<string, string>()
    for await (const f of listCorpusFiles(node.fs, CID.parse(root), { offline: true })) files.set(f.path, f.cid.toString())
    return files
  } finally {
    await node.stop()
  }
}

describe.skipIf(!HAS_SHARED)('content routing: an empty home finds providers through a Delegated Routing V1 endpoint', () => {
  let home: string
  let indexCid: string
  let corpusCid: string
  let serve: ServeProcess
  let router: RoutingServer
  const cleanups: Array<() => Promise<void>> = []
  const empty = async (): Promise<string> => {
    const t = await tempDir('quarry-routed-')
    cleanups.push(t.cleanup)
    return t.dir
  }

  beforeAll(async () => {
    const t = await prepareHome('quarry-provider-')
    cleanups.push(t.cleanup)
    home = t.dir
    const entries = JSON.parse(await readFile(join(home, 'indexes.json'), 'utf8')).entries as Array<{ cid: string, corpusCid: string }>
    indexCid = entries.at(-1)?.cid ?? ''
    corpusCid = entries.at(-1)?.corpusCid ?? ''
    serve = await startServe(home, ['--listen', '/ip4/127.0.0.1/tcp/0', '--gateway-listen', '127.0.0.1:0'])
    router = await startRoutingServer()
  }, SLOW.timeout)
  afterAll(async () => {
    await serve?.stop('SIGKILL')
    await router?.close()
    for (const c of cleanups) await c()
  })

  it('corpus fetch <cid> --routing: providers offering a trustless gateway, every file identical', SLOW, async () => {
    router.everything = serveProviders(serve, ['gateway'])
    const b = await empty()
    const asked = router.requests.length
    const res = await runCli(['--routing', router.url, 'corpus', 'fetch', corpusCid, '--name', 'docs', '--timeout', '120'], { home: b })
    expect(res.code, res.stderr).toBe(0)
    console.log(`[routing] corpus fetch via routing: ${router.requests.length - asked} routing requests`)
    expect(res.stdout.trim()).toBe(corpusCid)
    expect(router.requests.some(r => r.startsWith(`GET /routing/v1/providers/${corpusCid}`))).toBe(true)
    expect(await corpusFiles(b, corpusCid)).toEqual(await corpusFiles(home, corpusCid))
  })

  it('corpus fetch <cid> via QUARRY_ROUTING with bitswap-only providers', SLOW, async () => {
    router.everything = serveProviders(serve, ['bitswap'])
    const b = await empty()
    const res = await runCli(['corpus', 'fetch', corpusCid, '--timeout', '120'], { home: b, env: { QUARRY_ROUTING: router.url } })
    expect(res.code, res.stderr).toBe(0)
    expect(await corpusFiles(b, corpusCid)).toEqual(await corpusFiles(home, corpusCid))
  })

  it('ask --index <cid> --routing answers with citations from an empty home; index fetch --routing pins the index', SLOW, async () => {
    router.everything = serveProviders(serve, ['gateway'])
    const b = await empty()
    const asked = router.requests.length
    let started = Date.now()
    const ask = await runCli(['--routing', router.url, 'ask', 'What is Proof-of-Spacetime?', '--index', indexCid, '--json'], { home: b, env: NO_LLM })
    const routedMs = Date.now() - started
    const lookups = router.requests.length - asked
    expect(ask.code, ask.stderr).toBe(0)
    const record = JSON.parse(ask.stdout) as AnswerRecord
    expect(record.citations.length).toBeGreaterThan(0)
    expect(record.corpusCid).toBe(corpusCid)

    const c = await empty()
    started = Date.now()
    const direct = await runCli(['--gateway', serve.gateway ?? '', 'ask', 'What is Proof-of-Spacetime?', '--index', indexCid, '--json'], { home: c, env: NO_LLM })
    const gatewayMs = Date.now() - started
    expect(direct.code, direct.stderr).toBe(0)
    console.log(`[routing] empty home to a cited answer by index CID: via routing only ${(routedMs / 1000).toFixed(1)} s, via --gateway ${(gatewayMs / 1000).toFixed(1)} s; ${lookups} routing requests`)

    const d = await empty()
    const fetched = await runCli(['--routing', router.url, 'index', 'fetch', indexCid, '--timeout', '120'], { home: d })
    expect(fetched.code, fetched.stderr).toBe(0)
    expect(fetched.stdout.trim()).toBe(indexCid)
  })
})
