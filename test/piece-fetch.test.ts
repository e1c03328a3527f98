import { createServer, type Server } from 'node:http'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { runCli } from './helpers/cli.js'
import { startRoutingServer, serveProviders, type RoutingServer } from './helpers/routing-server.js'
import { startServe, type ServeProcess } from './helpers/serve.js'
import { HAS_SHARED, tempDir } from './helpers/shared.js'
import { prepareHome } from './helpers/test-home.js'

const SLOW = { timeout: 400_000 }

/** Files under a home's blockstore folder (none: nothing was stored) */
async function storedBlocks (home: string): Promise<number> {
  const dirs = await readdir(join(home, 'blocks')).catch(() => [] as string[])
  let n = 0
  for (const d of dirs) n += (await readdir(join(home, 'blocks', d)).catch(() => [] as string[])).length
  return n
}

/** An HTTP server on 127.0.0.1 answering every request with `handler` */
async function stubServer (handler: Parameters<typeof createServer>[1]): Promise<{ url: string, close: () => Promise<void> }> {
  const server: Server = createServer(handler)
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()))
  const address = server.address()
  const port = typeof address === 'object' && address != null ? address.port : 0
  return { url: `http://127.0.0.1:${port}`, close: async () => new Promise<void>(resolve => { server.closeAllConnections(); server.close(() => resolve()) }) }
}

describe.skipIf(!HAS_SHARED)('piece retrieval: corpus/index fetch --piece from a storage provider (quarry serve /piece/)', () => {
  let home: string
  let serve: ServeProcess
  let router: RoutingServer
  let corpus: { cid: string, pieceCid: string, car: Buffer }
  let index: { cid: string, pieceCid: string }
  const cleanups: Array<() => Promise<void>> = []
  const empty = async (): Promise<string> => {
    const t = await tempDir('quarry-piece-')
    cleanups.push(t.cleanup)
    return t.dir
  }

  beforeAll(async () => {
    const t = await prepareHome('quarry-piece-provider-')
    cleanups.push(t.cleanup)
    home = t.dir
    const out = await empty()
    const c = await runCli(['corpus', 'export', 'filecoin-docs', join(out, 'corpus.car'), '--piece', '--json'], { home })
    if (c.code !== 0) throw new Error(c.stderr)
    const cj = JSON.parse(c.stdout) as { corpus?: string, cid?: string, piece: { pieceCid: string } }
    corpus = { cid: cj.corpus ?? cj.cid ?? '', pieceCid: cj.piece.pieceCid, car: await readFile(join(out, 'corpus.car')) }
    const i = await runCli(['index', 'export', 'filecoin-docs', join(out, 'index.car'), '--piece', '--json'], { home })
    if (i.code !== 0) throw new Error(i.stderr)
    const ij = JSON.parse(i.stdout) as { index: string, piece: { pieceCid: string } }
    index = { cid: ij.index, pieceCid: ij.piece.pieceCid }
    serve = await startServe(home, ['--listen', '/ip4/127.0.0.1/tcp/0', '--gateway-listen', '127.0.0.1:0'])
    router = await startRoutingServer()
  }, SLOW.timeout)
  afterAll(async () => {
    await serve?.stop('SIGKILL')
    await router?.close()
    for (const c of cleanups) await c()
  })

  it('corpus fetch --piece --provider: the CAR is checked against the piece CID, imported and registered with it', SLOW, async () => {
    const b = await empty()
    const res = await runCli(['corpus', 'fetch', '--piece', corpus.pieceCid, '--provider', serve.gateway ?? '', '--name', 'docs'], { home: b })
    expect(res.code, res.stderr).toBe(0)
    expect(res.stdout.trim()).toBe(corpus.cid)
    expect(res.stderr).toMatch(/piece bafkzcib\w+ from http:\/\/127\.0\.0\.1:\d+: .* MB\/s\), hashing [\d.]+ s of it; piece CID checked/)
    const list = JSON.parse((await runCli(['corpus', 'list', '--json'], { home: b })).stdout) as { corpora: Array<{ name: string, cid: string, pieceCid?: string, documents?: number }> }
    expect(list.corpora).toEqual([expect.objectContaining({ name: 'docs', cid: corpus.cid, pieceCid: corpus.pieceCid, source: `piece ${serve.gateway ?? ''}` })])
    // the temporary download is gone
    expect(await readdir(join(b, 'tmp'))).toEqual([])
  })

  it('corpus fetch --piece without --provider asks the routing endpoint for providers of the piece CID; index fetch --piece too', SLOW, async () => {
    router.everything = serveProviders(serve, ['gateway'])
    const b = await empty()
    const res = await runCli(['--routing', router.url, 'corpus', 'fetch', '--piece', corpus.pieceCid], { home: b })
    expect(res.code, res.stderr).toBe(0)
    expect(res.stdout.trim()).toBe(corpus.cid)
    expect(router.requests).toContain(`GET /routing/v1/providers/${corpus.pieceCid}`)
    const idx = await runCli(['--routing', router.url, 'index', 'fetch', index.cid, '--piece', index.pieceCid], { home: b })
    expect(idx.code, idx.stderr).toBe(0)
    expect(idx.stdout.trim()).toBe(index.cid)
  })

  it('a provider serving altered bytes is refused (PieceMismatchError) and nothing is stored', SLOW, async () => {
    const altered = Buffer.from(corpus.car)
    altered[altered.length - 10] = (altered[altered.length - 10] ?? 0) ^ 0xff
    const bad = await stubServer((_req, res) => { res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(altered) })
    cleanups.push(bad.close)
    const b = await empty()
    const res = await runCli(['corpus', 'fetch', '--piece', corpus.pieceCid, '--provider', bad.url], { home: b })
    expect(res.code).toBe(1)
    expect(res.stderr.split('\n').filter(l => l.startsWith('Error')), res.stderr).toHaveLength(1)
    expect(res.stderr).toContain(`Error (PieceMismatchError): storage provider ${bad.url} served bytes that hash to bafkzcib`)
    expect(res.stderr).toContain('nothing stored')
    expect(await storedBlocks(b)).toBe(0)
    expect(JSON.parse((await runCli(['corpus', 'list', '--json'], { home: b })).stdout).corpora).toEqual([])
  })

  it('a provider without the piece: one line naming it, HTTP 404, what to try', SLOW, async () => {
    const b = await empty()
    const other = await empty()
    const res = await runCli(['corpus', 'fetch', '--piece', 'bafkzcibccacyb5amm3uy3fv4vcq4mpmpelezctzlc4pl7okk4bckwoq2k6kxsey', '--provider', serve.gateway ?? ''], { home: b })
    expect(res.code).toBe(1)
    expect(res.stderr.split('\n').filter(l => l.startsWith('Error')), res.stderr).toHaveLength(1)
    expect(res.stderr).toContain(`Error (ContentNotFoundError): storage provider ${serve.gateway ?? ''} does not have piece`)
    expect(res.stderr).toContain('HTTP 404')
    expect(await storedBlocks(other)).toBe(0)
  })
})
