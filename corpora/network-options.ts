import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { InvalidNetworkConfigError } from './errors.js'

/**
 * Network settings for a Quarry node. Quarry is offline unless one of these
 * is set: no bootstrap peers, no public routers, no public gateways, ever,
 * unless named here.
 */
export interface NetworkOptions {
  /** libp2p listen multiaddrs, e.g. `/ip4/127.0.0.1/tcp/4001` */
  listen?: string[]
  /** Peers to dial for bitswap, as multiaddrs ending in `/p2p/<peer id>` */
  peers?: string[]
  /** Trustless gateway base URLs, e.g. `http://127.0.0.1:8080` */
  gateways?: string[]
  /**
   * Delegated Routing V1 HTTP endpoints (`GET /routing/v1/providers/{cid}`),
   * e.g. `https://delegated-ipfs.dev` or an IPNI such as `https://cid.contact`:
   * the node asks them who provides a CID and fetches from those providers
   */
  routers?: string[]
  /**
   * DNS-over-HTTPS JSON endpoints (RFC 8427) for DNSLink names
   * (`/ipns/<domain>`). @default the system resolver
   */
  dnsResolvers?: string[]
}

/** Network settings after validation */
export interface ParsedNetworkOptions {
  listen: Multiaddr[]
  peers: Multiaddr[]
  gateways: URL[]
  routers: URL[]
  dnsResolvers: URL[]
}

function splitList (value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).map(s => s.trim()).filter(s => s.length > 0)
}

/**
 * Read network settings from the environment (`QUARRY_LISTEN`,
 * `QUARRY_PEERS`, `QUARRY_GATEWAYS`, `QUARRY_ROUTING`, `QUARRY_DNS_RESOLVERS`,
 * comma or space separated).
 */
export function networkOptionsFromEnv (env: Record<string, string | undefined>): NetworkOptions {
  return {
    listen: splitList(env.QUARRY_LISTEN),
    peers: splitList(env.QUARRY_PEERS),
    gateways: splitList(env.QUARRY_GATEWAYS),
    routers: splitList(env.QUARRY_ROUTING),
    dnsResolvers: splitList(env.QUARRY_DNS_RESOLVERS)
  }
}

/**
 * Validate network settings, naming the first bad value.
 *
 * @throws {InvalidNetworkConfigError}
 */
export function parseNetworkOptions (options: NetworkOptions = {}): ParsedNetworkOptions {
  const parseAddr = (kind: string, s: string): Multiaddr => {
    try {
      return multiaddr(s)
    } catch (err) {
      throw new InvalidNetworkConfigError(`${kind} "${s}" is not a valid multiaddr`, { cause: err })
    }
  }
  const peers = (options.peers ?? []).map(s => {
    const ma = parseAddr('peer', s)
    if (!s.includes('/p2p/')) {
      throw new InvalidNetworkConfigError(`peer "${s}" must end with /p2p/<peer id> so it can be dialled`)
    }
    return ma
  })
  const parseUrl = (kind: string, s: string): URL => {
    let url: URL
    try {
      url = new URL(s)
    } catch (err) {
      throw new InvalidNetworkConfigError(`${kind} "${s}" is not a valid URL`, { cause: err })
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new InvalidNetworkConfigError(`${kind} "${s}" must be an http(s) URL`)
    }
    return url
  }
  const gateways = (options.gateways ?? []).map(s => parseUrl('gateway', s))
  const routers = (options.routers ?? []).map(s => parseUrl('routing endpoint', s))
  const dnsResolvers = (options.dnsResolvers ?? []).map(s => parseUrl('DNS resolver', s))
  return {
    listen: (options.listen ?? []).map(s => parseAddr('listen address', s)),
    peers,
    gateways,
    routers,
    dnsResolvers
  }
}

/** True when any network setting is present */
export function isNetworked (options: ParsedNetworkOptions): boolean {
  return options.listen.length > 0 || options.peers.length > 0 || options.gateways.length > 0 || options.routers.length > 0
}
