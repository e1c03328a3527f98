import { createServer, type IncomingMessage, type Server } from 'node:http'

/** A provider record as Delegated Routing V1 returns it (the `peer` schema) */
export interface ProviderRecord {
  /** Peer ID of the provider */
  ID: string
  /** Multiaddrs, e.g. `/ip4/127.0.0.1/tcp/8089/http` for a trustless gateway */
  Addrs: string[]
  /** e.g. `transport-ipfs-gateway-http`, `transport-bitswap` */
  Protocols: string[]
}

/** A stand-in Delegated Routing V1 HTTP endpoint on 127.0.0.1 */
export interface RoutingServer {
  /** Base URL, e.g. `http://127.0.0.1:43210` */
  url: string
  /** Providers listed for one CID (as its string), in front of {@link everything} */
  providers: Map<string, ProviderRecord[]>
  /** Providers listed for every CID that has no entry in {@link providers} (as an IPNI lists every block a provider announced) */
  everything: ProviderRecord[]
  /** IPNS records by the name in the URL (a libp2p-key CID) */
  ipns: Map<string, Uint8Array>
  /** DNSLink TXT values by domain (`docs.example.test` → `/ipns/k51…`), answered at `GET /dns-query` (DNS JSON, RFC 8427) */
  dnslink: Map<string, string>
  /** Every request as `METHOD path?query` */
  requests: string[]
  close(): Promise<void>
}

async function body (req: IncomingMessage): Promise<Uint8Array> {
  const parts: Buffer[] = []
  for await (const p of req) parts.push(p as Buffer)
  return Buffer.concat(parts)
}

/**
 * Start a small HTTP server speaking the Delegated Routing V1 API
 * (https://specs.ipfs.tech/routing/http-routing-v1/): `GET
 * /routing/v1/providers/{cid}` answers `{"Providers":[…]}` as JSON (an empty
 * list when it knows no provider, as IPIP-513 servers do), `GET|PUT
 * /routing/v1/ipns/{name}` keep IPNS records (`application/vnd.ipfs.ipns-record`),
 * and `GET /dns-query` answers DNSLink TXT lookups as a DNS-over-HTTPS JSON
 * resolver, so DNSLink tests never touch real DNS.
 */
export async function startRoutingServer (): Promise<RoutingServer> {
  const state = { providers: new Map<string, ProviderRecord[]>(), everything: [] as ProviderRecord[], ipns: new Map<string, Uint8Array>(), dnslink: new Map<string, string>(), requests: [] as string[] }
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost')
      state.requests.push(`${req.method ?? 'GET'} ${url.pathname}${url.search}`)
      const providers = /^\/routing\/v1\/providers\/([^/]+)$/.exec(url.pathname)
      if (providers?.[1] != null && req.method === 'GET') {
        const records = state.providers.get(providers[1]) ?? state.everything
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ Providers: records.map(r => ({ Schema: 'peer', ...r })) }))
        return
      }
      if (url.pathname === '/dns-query' && req.method === 'GET') {
        const name = (url.searchParams.get('name') ?? '').replace(/\.$/, '')
        const value = state.dnslink.get(name.replace(/^_dnslink\./, ''))
        const answer = value != null && name.startsWith('_dnslink.') && url.searchParams.getAll('type').includes('TXT')
          ? [{ name: `${name}.`, type: 16, TTL: 60, data: `"dnslink=${value}"` }]
          : []
        res.writeHead(200, { 'content-type': 'application/dns-json' })
        res.end(JSON.stringify({ Status: answer.length > 0 ? 0 : 3, TC: false, RD: true, RA: true, AD: false, CD: false, Question: [{ name, type: 16 }], Answer: answer }))
        return
      }
      const ipns = /^\/routing\/v1\/ipns\/([^/]+)$/.exec(url.pathname)
      if (ipns?.[1] != null && req.method === 'PUT') {
        state.ipns.set(ipns[1], await body(req))
        res.writeHead(200).end()
        return
      }
      if (ipns?.[1] != null && req.method === 'GET') {
        const record = state.ipns.get(ipns[1])
        if (record == null) {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('no record\n')
          return
        }
        res.writeHead(200, { 'content-type': 'application/vnd.ipfs.ipns-record' }).end(record)
        return
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n')
    })().catch(err => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
      res.end(String(err))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address != null ? address.port : 0
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: async () => new Promise<void>(resolve => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  })
}

/**
 * The provider records for a running `quarry serve`: its trustless gateway
 * (`transport-ipfs-gateway-http`) and/or its libp2p address (`transport-bitswap`).
 */
export function serveProviders (serve: { multiaddrs: string[], gateway?: string }, protocols: Array<'gateway' | 'bitswap'> = ['gateway']): ProviderRecord[] {
  const listen = serve.multiaddrs[0] ?? ''
  const id = listen.split('/p2p/')[1] ?? ''
  const records: ProviderRecord[] = []
  if (protocols.includes('gateway') && serve.gateway != null) {
    const gw = new URL(serve.gateway)
    records.push({ ID: id, Addrs: [`/ip4/${gw.hostname}/tcp/${gw.port}/http`], Protocols: ['transport-ipfs-gateway-http'] })
  }
  if (protocols.includes('bitswap')) {
    records.push({ ID: id, Addrs: [listen.split('/p2p/')[0] ?? ''], Protocols: ['transport-bitswap'] })
  }
  return records
}
