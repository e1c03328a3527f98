import { createServer, type Server } from 'node:http'
import { CID } from 'multiformats/cid'
import type { Helia } from 'helia'

/** A running trustless gateway */
export interface GatewayServer {
  /** Base URL, e.g. `http://127.0.0.1:8080` */
  url: string
  /** Blocks served so far */
  served(): number
  close(): Promise<void>
}

/** Options for {@link serveGateway} */
export interface ServeGatewayOptions {
  /** @default '127.0.0.1' */
  host?: string
  /** @default 0 (any free port) */
  port?: number
  /**
   * The root CID whose CAR is the piece with this piece CID v2, for
   * `GET /piece/{pieceCid}` (the Filecoin retrieval path); without it, or
   * when it answers undefined, `/piece/` answers 404
   */
  pieceRoot?: (pieceCid: string) => Promise<CID | undefined>
}

/** Stream the CAR of `root` (the bytes `quarry corpus export` writes) as a response body */
async function writeCar (helia: Helia, root: CID, res: import('node:http').ServerResponse): Promise<void> {
  const { car } = await import('@helia/car')
  for await (const chunk of car(helia).export(root, { offline: true } as any)) {
    if (!res.write(chunk)) await new Promise(resolve => res.once('drain', resolve))
  }
  res.end()
}

/**
 * Serve the node's local blocks as a minimal trustless gateway: single blocks
 * (`GET /ipfs/<cid>?format=raw` or `Accept: application/vnd.ipld.raw`) and
 * whole DAGs as CAR streams (`?format=car` or `Accept: application/vnd.ipld.car`,
 * `dag-scope=all`), so another Quarry node, `curl` or a Filecoin onramp can
 * fetch corpora and indexes over HTTP, and pieces (`GET /piece/{pieceCid}`,
 * the CAR whose piece CID that is) when `pieceRoot` names them. Read-only and offline: it never
 * fetches blocks it does not hold. Binds to loopback by default.
 */
export async function serveGateway (helia: Pick<Helia, 'blockstore'> & Partial<Helia>, options: ServeGatewayOptions = {}): Promise<GatewayServer> {
  let served = 0
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost')
      const piece = /^\/piece\/([^/]+)$/.exec(url.pathname)
      if (piece?.[1] != null && (req.method === 'GET' || req.method === 'HEAD')) {
        const root = typeof helia.getCodec === 'function' ? await options.pieceRoot?.(piece[1]) : undefined
        if (root == null) {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('piece not found\n')
          return
        }
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'cache-control': 'public, max-age=29030400, immutable' })
        if (req.method === 'HEAD') return res.end()
        await writeCar(helia as Helia, root, res)
        served++
        return
      }
      const match = /^\/ipfs\/([^/]+)\/?$/.exec(url.pathname)
      const accept = req.headers.accept ?? ''
      const wantsRaw = url.searchParams.get('format') === 'raw' || accept.includes('application/vnd.ipld.raw')
      const wantsCar = url.searchParams.get('format') === 'car' || accept.includes('application/vnd.ipld.car')
      if (match?.[1] == null || !(wantsRaw || wantsCar) || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('only GET /ipfs/<cid>?format=raw|car is supported\n')
        return
      }
      let cid: CID
      try {
        cid = CID.parse(match[1])
      } catch {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid CID\n')
        return
      }
      if (!(await helia.blockstore.has(cid))) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('block not found\n')
        return
      }
      if (wantsCar && !wantsRaw) {
        if (typeof helia.getCodec !== 'function') {
          res.writeHead(501, { 'content-type': 'text/plain' }).end('CAR responses need a full Helia node\n')
          return
        }
        res.writeHead(200, {
          'content-type': 'application/vnd.ipld.car; version=1',
          'cache-control': 'public, max-age=29030400, immutable',
          // the same URL answers raw or CAR by its Accept header: a shared cache must key on it
          vary: 'Accept',
          'x-ipfs-roots': cid.toString()
        })
        if (req.method === 'HEAD') return res.end()
        await writeCar(helia as Helia, cid, res)
        served++
        return
      }
      const parts: Uint8Array[] = []
      for await (const p of helia.blockstore.get(cid, { offline: true } as any) as AsyncIterable<Uint8Array>) parts.push(p)
      const body = Buffer.concat(parts)
      served++
      res.writeHead(200, {
        'content-type': 'application/vnd.ipld.raw',
        'content-length': body.byteLength,
        'cache-control': 'public, max-age=29030400, immutable',
        vary: 'Accept',
        'x-ipfs-roots': cid.toString()
      })
      res.end(req.method === 'HEAD' ? undefined : body)
    })().catch(err => {
      // a CAR stream that fails midway is cut off, so the client sees an incomplete CAR, never a valid-looking one
      if (res.headersSent) return res.destroy(err as Error)
      res.writeHead(500, { 'content-type': 'text/plain' })
      res.end(String((err as Error).message) + '\n')
    })
  })
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address != null ? address.port : 0
  return {
    url: `http://${host}:${port}`,
    served: () => served,
    close: async () => new Promise<void>(resolve => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  }
}
