import { createServer, type Server, type Socket } from 'node:net'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { ContentNotFoundError, EndpointUnreachableError, FetchStalledError, NoProvidersError, PieceMismatchError } from '../corpora/index.js'
import { runCli } from './helpers/cli.js'
import { startRoutingServer, type RoutingServer } from './helpers/routing-server.js'
import { tempDir } from './helpers/shared.js'

/** A CID nobody on this machine has (the README's index CID of the demo corpus is fine: the test homes are empty) */
const CID = 'bafybeicpq5yoacppb7hbggo5jnrc4miopv5ywil625bgcoctjirsgcumuy'

/** A TCP server that accepts connections and never answers: a stalled gateway */
async function silentServer (): Promise<{ url: string, close: () => Promise<void> }> {
  const sockets = new Set<Socket>()
  const server: Server = createServer(s => { sockets.add(s) })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()))
  const address = server.address()
  const port = typeof address === 'object' && address != null ? address.port : 0
  return { url: `http://127.0.0.1:${port}`, close: async () => new Promise<void>(resolve => { for (const s of sockets) s.destroy(); server.close(() => resolve()) }) }
}

/** A port that was free a moment ago: connecting to it is refused */
async function closedPort (): Promise<string> {
  const s = await silentServer()
  await s.close()
  return s.url
}

/** The `Error (…)` lines of a CLI run's stderr */
function errorLines (stderr: string): string[] {
  return stderr.split('\n').filter(l => l.startsWith('Error'))
}

describe('network errors a user can act on: one line each with the endpoint, the cause and what to try', () => {
  let router: RoutingServer
  let silent: { url: string, close: () => Promise<void> }
  const cleanups: Array<() => Promise<void>> = []
  const empty = async (): Promise<string> => {
    const t = await tempDir('quarry-neterr-')
    cleanups.push(t.cleanup)
    return t.dir
  }
  beforeAll(async () => {
    router = await startRoutingServer()
    silent = await silentServer()
  })
  afterAll(async () => {
    await router.close()
    await silent.close()
    for (const c of cleanups) await c()
  })

  it('every new error has its own stable name and code', () => {
    expect([EndpointUnreachableError, FetchStalledError, ContentNotFoundError, NoProvidersError, PieceMismatchError].map(E => [E.name, new E('x').name, new E('x').code])).toEqual([
      ['EndpointUnreachableError', 'EndpointUnreachableError', 'ERR_ENDPOINT_UNREACHABLE'],
      ['FetchStalledError', 'FetchStalledError', 'ERR_FETCH_STALLED'],
      ['ContentNotFoundError', 'ContentNotFoundError', 'ERR_CONTENT_NOT_FOUND'],
      ['NoProvidersError', 'NoProvidersError', 'ERR_NO_PROVIDERS'],
      ['PieceMismatchError', 'PieceMismatchError', 'ERR_PIECE_MISMATCH']
    ])
  })

  it('a gateway that refuses the connection', async () => {
    const gateway = await closedPort()
    const res = await runCli(['corpus', 'fetch', CID, '--gateway', gateway, '--timeout', '10'], { home: await empty() })
    expect(res.code).toBe(1)
    expect(errorLines(res.stderr), res.stderr).toEqual([`Error (EndpointUnreachableError): gateway ${gateway} refused the connection (ECONNREFUSED): is it running, and are the host and port right?`])
  })

  it('a gateway that stalls: corpus fetch --timeout, and ask --index <cid> --timeout', async () => {
    const fetch = await runCli(['corpus', 'fetch', CID, '--gateway', silent.url, '--timeout', '3'], { home: await empty() })
    expect(fetch.code).toBe(1)
    expect(errorLines(fetch.stderr), fetch.stderr).toEqual([`Error (FetchStalledError): gateway ${silent.url} sent nothing in time (stalled): try another gateway, or a longer --timeout`])
    const started = Date.now()
    const ask = await runCli(['--gateway', silent.url, 'ask', 'What is Proof-of-Spacetime?', '--index', CID, '--timeout', '3'], { home: await empty() })
    expect(ask.code).toBe(1)
    expect(errorLines(ask.stderr), ask.stderr).toEqual([`Error (FetchStalledError): gateway ${silent.url} sent nothing in time (stalled): try another gateway, or a longer --timeout`])
    // 3 s to find the manifest, then up to 3 s of probing the gateway: not the 60 s it waited before --timeout
    expect(Date.now() - started).toBeLessThan(30_000)
  })

  it('a routing endpoint that lists nobody, and one that cannot be reached', async () => {
    router.everything = []
    const res = await runCli(['--routing', router.url, 'corpus', 'fetch', CID, '--timeout', '10'], { home: await empty() })
    expect(res.code).toBe(1)
    expect(errorLines(res.stderr), res.stderr).toEqual([`Error (NoProvidersError): routing endpoint ${router.url} lists no provider for ${CID}: it is not announced there (yet); ask its publisher to announce it, try another routing endpoint, or pass a --gateway/--peer that has it`])
    expect(router.requests.some(r => r.startsWith(`GET /routing/v1/providers/${CID}`))).toBe(true)
    const gone = await closedPort()
    const down = await runCli(['--routing', gone, 'corpus', 'fetch', CID, '--timeout', '10'], { home: await empty() })
    expect(down.code).toBe(1)
    expect(errorLines(down.stderr), down.stderr).toEqual([`Error (EndpointUnreachableError): routing endpoint ${gone} refused the connection (ECONNREFUSED): is it running, and are the host and port right?`])
  })
})
