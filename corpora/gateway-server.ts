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
}

/**
 * Serve the node's local blocks as a minimal trustless gateway
 * (`GET /ipfs/<cid>?format=raw` or `Accept: application/vnd.ipld.raw`), so
 * another Quarry node can fetch corpora over HTTP. Read-only and offline:
 * it never fetches blocks it does not hold. Binds to loopback by default.
 */
export async function serveGateway (helia: Pick<Helia, 'blockstore'>, options: ServeGatewayOptions = {}): Promise<GatewayServer> {
  let served = 0
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost')
      const match = /^\/ipfs\/([^/]+)\/?$/.exec(url.pathname)
      const wantsRaw = url.searchParams.get('format') === 'raw' || (req.headers.accept ?? '').includes('application/vnd.ipld.raw')
      if (match?.[1] == null || !wantsRaw || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('only GET /ipfs/<cid>?format=raw is supported\n')
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
      const parts: Uint8Array[] = []
      for await (const p of helia.blockstore.get(cid, { offline: true } as any) as AsyncIterable<Uint8Array>) parts.push(p)
      const body = Buffer.concat(parts)
      served++
      res.writeHead(200, {
        'content-type': 'application/vnd.ipld.raw',
        'content-length': body.byteLength,
        'cache-control': 'public, max-age=29030400, immutable',
        'x-ipfs-roots': cid.toString()
      })
      res.end(req.method === 'HEAD' ? undefined : body)
    })().catch(err => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
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
