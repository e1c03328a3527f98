import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { CID } from 'multiformats/cid'

interface StoredPin {
  requestid: string
  status: 'queued' | 'pinning' | 'pinned' | 'failed'
  created: string
  pin: { cid: string, name?: string, origins?: string[], meta?: Record<string, string> }
  delegates: string[]
}

/** A running in-test pinning service */
export interface TestPinningService {
  url: string
  /** Requests as the service stores them */
  pins: StoredPin[]
  /** Every request line the service received, e.g. `POST /pins` */
  log: string[]
  close(): Promise<void>
}

/**
 * A small server that follows the IPFS Pinning Service API spec
 * (https://ipfs.github.io/pinning-services-api-spec/, v1.0.0) for contract
 * tests: bearer-token auth (401 with an `error.reason`), `POST /pins` (202,
 * `PinStatus` in `queued`), `GET /pins` with `cid`/`name`/`status`/`limit`
 * filters where `status` defaults to `pinned`, `GET /pins/{requestid}`,
 * `POST /pins/{requestid}` (replace) and `DELETE /pins/{requestid}` (202),
 * 404 for unknown request ids and 400 for a body without a valid CID. It
 * pins nothing itself: a request moves queued → pinning → pinned one step
 * each time its status is read, like a service working in the background.
 */
export async function startPinningService (token: string): Promise<TestPinningService> {
  const pins: StoredPin[] = []
  const log: string[] = []
  const fail = (res: ServerResponse, status: number, reason: string, details: string): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { reason, details } }))
  }
  const send = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  }
  const advance = (p: StoredPin): StoredPin => {
    if (p.status === 'queued') p.status = 'pinning'
    else if (p.status === 'pinning') p.status = 'pinned'
    return p
  }
  const body = async (req: IncomingMessage): Promise<any> => {
    let text = ''
    for await (const chunk of req) text += String(chunk)
    try {
      return JSON.parse(text)
    } catch {
      return undefined
    }
  }
  const validPin = (value: any): string | undefined => {
    if (typeof value?.cid !== 'string') return 'body must be a Pin object with a "cid"'
    try {
      CID.parse(value.cid)
    } catch {
      return `"${String(value.cid)}" is not a CID`
    }
    if (value.name != null && (typeof value.name !== 'string' || value.name.length > 255)) return 'name must be a string of at most 255 characters'
    if (value.origins != null && !Array.isArray(value.origins)) return 'origins must be an array of multiaddrs'
    return undefined
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      log.push(`${req.method ?? ''} ${url.pathname}`)
      if (req.headers.authorization !== `Bearer ${token}`) return fail(res, 401, 'UNAUTHORIZED', 'Access token is missing or invalid')
      const one = /^\/pins\/([^/]+)$/.exec(url.pathname)
      if (url.pathname === '/pins' && req.method === 'GET') {
        const cids = url.searchParams.get('cid')?.split(',')
        const name = url.searchParams.get('name')
        const statuses = (url.searchParams.get('status') ?? 'pinned').split(',')
        const limit = Number(url.searchParams.get('limit') ?? 10)
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return fail(res, 400, 'BAD_REQUEST', 'limit must be 1-1000')
        const matching = pins.filter(p => (cids == null || cids.includes(p.pin.cid)) && (name == null || p.pin.name === name) && statuses.includes(p.status))
        return send(res, 200, { count: matching.length, results: matching.slice(0, limit) })
      }
      if (url.pathname === '/pins' && req.method === 'POST') {
        const pin = await body(req)
        const problem = validPin(pin)
        if (problem != null) return fail(res, 400, 'BAD_REQUEST', problem)
        const stored: StoredPin = { requestid: randomUUID(), status: 'queued', created: new Date().toISOString(), pin, delegates: ['/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWTestDelegate'] }
        pins.push(stored)
        return send(res, 202, stored)
      }
      if (one?.[1] != null) {
        const found = pins.find(p => p.requestid === one[1])
        if (found == null) return fail(res, 404, 'NOT_FOUND', `no pin request ${one[1]}`)
        if (req.method === 'GET') return send(res, 200, advance(found))
        if (req.method === 'DELETE') {
          pins.splice(pins.indexOf(found), 1)
          return res.writeHead(202).end()
        }
        if (req.method === 'POST') {
          const pin = await body(req)
          const problem = validPin(pin)
          if (problem != null) return fail(res, 400, 'BAD_REQUEST', problem)
          pins.splice(pins.indexOf(found), 1)
          const stored: StoredPin = { ...found, requestid: randomUUID(), status: 'queued', pin }
          pins.push(stored)
          return send(res, 202, stored)
        }
      }
      return fail(res, 404, 'NOT_FOUND', `${req.method ?? ''} ${url.pathname} is not part of the API`)
    })().catch(err => fail(res, 500, 'INTERNAL_SERVER_ERROR', String(err)))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()))
  const address = server.address()
  const port = typeof address === 'object' && address != null ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    pins,
    log,
    close: async () => new Promise<void>(resolve => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  }
}
