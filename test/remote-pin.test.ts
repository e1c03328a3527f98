import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { createPinningServiceClient } from '../corpora/index.js'
import { runCli } from './helpers/cli.js'
import { startPinningService, type TestPinningService } from './helpers/pinning-service.js'
import { HAS_SHARED } from './helpers/shared.js'
import { copyPrebuiltHome } from './helpers/test-home.js'

const TOKEN = 'test-token-123'
const DOCS = 'bafybeibveuydnh7kc4r4nv3y6jse3di3og6tq3mxcb544cy6bbnfwmy4uu'

// Contract test: the service below is written in this test from the IPFS Pinning Service API
// spec (v1.0.0); no real pinning service is reached. It checks that Quarry's requests and its
// reading of the answers follow the spec, not that any particular provider stores data.
describe('remote pinning client (contract test against a spec-following in-test service)', () => {
  let service: TestPinningService
  beforeAll(async () => { service = await startPinningService(TOKEN) })
  afterAll(async () => { await service.close() })

  it('adds, lists (every status, since the API lists only pinned by default), reads and removes a pin request', async () => {
    const client = createPinningServiceClient({ endpoint: service.url + '/', token: TOKEN })
    const added = await client.add({ cid: DOCS, name: 'docs', origins: ['/ip4/127.0.0.1/tcp/4010/p2p/12D3KooWExample'], meta: { app: 'quarry' } })
    expect(added).toMatchObject({ status: 'queued', pin: { cid: DOCS, name: 'docs' } })
    expect((await client.ls()).results.map(r => r.requestid)).toEqual([added.requestid])
    expect((await client.ls({ status: ['pinned'] })).count).toBe(0)
    expect((await client.get(added.requestid)).status).toBe('pinning')
    expect((await client.get(added.requestid)).status).toBe('pinned')
    expect((await client.ls({ cid: [DOCS], status: ['pinned'] })).count).toBe(1)
    await client.rm(added.requestid)
    expect((await client.ls()).count).toBe(0)
    expect(service.log).toContain('DELETE /pins/' + added.requestid)
  })

  it('turns refusals into RemotePinError naming the reason', async () => {
    const bad = createPinningServiceClient({ endpoint: service.url, token: 'wrong' })
    await expect(bad.ls()).rejects.toMatchObject({ name: 'RemotePinError', status: 401, message: expect.stringContaining('UNAUTHORIZED') })
    const client = createPinningServiceClient({ endpoint: service.url, token: TOKEN })
    await expect(client.add({ cid: 'not-a-cid' })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('"not-a-cid" is not a CID') })
    await expect(client.get('nope')).rejects.toMatchObject({ status: 404, message: expect.stringContaining('NOT_FOUND') })
    expect(() => createPinningServiceClient({ endpoint: 'ftp://x', token: TOKEN })).toThrow(/must be an http\(s\) URL/)
    expect(() => createPinningServiceClient({ endpoint: service.url, token: ' ' })).toThrow(/access token/)
  })
})

describe.skipIf(!HAS_SHARED)('quarry pin remote add|ls|rm (built CLI, contract test against a spec-following in-test service)', () => {
  let service: TestPinningService
  let home: { dir: string, cleanup: () => Promise<void> }
  beforeAll(async () => {
    service = await startPinningService(TOKEN)
    home = await copyPrebuiltHome('quarry-pin-')
  })
  afterAll(async () => {
    await service.close()
    await home.cleanup()
  })

  it('pins the corpus and its index, waits for pinned, lists them and removes them by CID', { timeout: 400_000 }, async () => {
    const svc = ['--service', service.url, '--token', TOKEN]
    const corpus = await runCli(['pin', 'remote', 'add', 'filecoin-docs', ...svc, '--origin', '/ip4/127.0.0.1/tcp/4010/p2p/12D3KooWExample', '--wait', '30', '--json'], { home: home.dir })
    expect(corpus.code, corpus.stderr).toBe(0)
    expect(JSON.parse(corpus.stdout)).toMatchObject({ status: 'pinned', pin: { cid: DOCS, name: 'filecoin-docs', origins: ['/ip4/127.0.0.1/tcp/4010/p2p/12D3KooWExample'], meta: { 'quarry:kind': 'corpus' } } })
    const index = await runCli(['pin', 'remote', 'add', 'filecoin-docs', '--index', ...svc], { home: home.dir })
    expect(index.code, index.stderr).toBe(0)
    expect(index.stderr).toMatch(/^index bafy\w+: queued on http:\/\/127\.0\.0\.1:\d+ \(delegates: /m)
    const indexCid = service.pins.find(p => p.pin.meta?.['quarry:kind'] === 'index')?.pin.cid
    expect(indexCid).toMatch(/^bafy/)

    const ls = await runCli(['pin', 'remote', 'ls', ...svc], { home: home.dir })
    expect(ls.code, ls.stderr).toBe(0)
    expect(ls.stdout).toContain(DOCS)
    expect(ls.stdout).toContain(indexCid)
    expect(ls.stdout).toMatch(/pinned\s+bafy/)
    expect(ls.stdout).toMatch(/queued\s+bafy/)

    const rm = await runCli(['pin', 'remote', 'rm', DOCS, ...svc], { home: home.dir })
    expect(rm.code, rm.stderr).toBe(0)
    expect(service.pins.map(p => p.pin.cid)).toEqual([indexCid])

    const noToken = await runCli(['pin', 'remote', 'ls', '--service', service.url], { home: home.dir, env: { QUARRY_PIN_TOKEN: '' } })
    expect(noToken.code).toBe(1)
    expect(noToken.stderr).toContain('access token')
    const wrong = await runCli(['pin', 'remote', 'ls', '--service', service.url, '--token', 'nope'], { home: home.dir })
    expect(wrong.stderr).toContain('RemotePinError')
    expect(wrong.stderr).toContain('401 UNAUTHORIZED')
  })
})
