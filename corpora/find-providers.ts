import { endpointError } from './endpoint-error.js'
import { NoProvidersError } from './errors.js'
import type { AbortOptions } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { CID } from 'multiformats/cid'

/** A provider a routing endpoint listed for a CID */
export interface RoutedProvider {
  /** Peer ID */
  id: string
  addrs: Multiaddr[]
  /** e.g. `transport-ipfs-gateway-http`, `transport-bitswap` */
  protocols: string[]
  /** The routing endpoint that listed it */
  router: string
}

/** Options for {@link findProviders} */
export interface FindProvidersOptions extends AbortOptions {
  /** Give up on one routing endpoint after this many milliseconds. @default 30000 */
  timeoutMs?: number
}

/**
 * Ask Delegated Routing V1 HTTP endpoints (`GET /routing/v1/providers/{cid}`,
 * through `@helia/delegated-routing-v1-http-api-client`) who provides `cid`.
 *
 * @throws {EndpointUnreachableError | FetchStalledError} when no endpoint answered (the first endpoint's failure)
 * @throws {NoProvidersError} when the endpoints answered and listed nobody
 */
export async function findProviders (routers: readonly URL[], cid: CID, options: FindProvidersOptions = {}): Promise<RoutedProvider[]> {
  const [{ delegatedRoutingV1HttpApiClient }, { defaultLogger }] = await Promise.all([
    import('@helia/delegated-routing-v1-http-api-client'), import('@libp2p/logger')
  ])
  const providers: RoutedProvider[] = []
  const failures: Error[] = []
  for (const url of routers) {
    const endpoint = url.toString().replace(/\/$/, '')
    const client = delegatedRoutingV1HttpApiClient({ url, timeout: options.timeoutMs ?? 30_000, cacheTTL: 0 })({ logger: defaultLogger() })
    try {
      for await (const record of client.getProviders(cid, { signal: options.signal })) {
        providers.push({ id: record.ID.toString(), addrs: record.Addrs, protocols: record.Protocols, router: endpoint })
      }
    } catch (err) {
      options.signal?.throwIfAborted()
      failures.push(endpointError(err, 'routing endpoint', endpoint))
    } finally {
      await client.stop()
    }
  }
  if (providers.length > 0) return providers
  if (failures.length === routers.length && failures[0] != null) throw failures[0]
  const names = routers.map(u => u.toString().replace(/\/$/, '')).join(', ')
  throw new NoProvidersError(`routing endpoint ${names} lists no provider for ${cid.toString()}: it is not announced there (yet); ask its publisher to announce it, try another routing endpoint, or pass a --gateway/--peer that has it`, { endpoint: names })
}
