import { endpointError } from './endpoint-error.js'
import { ContentNotFoundError } from './errors.js'
import { findProviders } from './find-providers.js'
import type { ParsedNetworkOptions } from './network-options.js'
import type { CID } from 'multiformats/cid'

/** Options for {@link diagnoseFetch} */
export interface DiagnoseFetchOptions {
  /** How long each probe may take. @default 5000 */
  probeMs?: number
  /** `fetch` to use. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch
}

/** Ask one gateway for the root block: undefined when it serves it */
async function probeGateway (gateway: URL, cid: CID, options: DiagnoseFetchOptions): Promise<Error | undefined> {
  const base = gateway.toString().replace(/\/$/, '')
  try {
    const res = await (options.fetch ?? globalThis.fetch)(`${base}/ipfs/${cid.toString()}?format=raw`, {
      headers: { accept: 'application/vnd.ipld.raw' },
      signal: AbortSignal.timeout(options.probeMs ?? 5000)
    })
    await res.body?.cancel()
    if (res.ok) return undefined
    return new ContentNotFoundError(res.status === 404
      ? `gateway ${base} does not have ${cid.toString()} (HTTP 404): it does not provide this content; try --routing <url> to find a provider, or another --gateway`
      : `gateway ${base} answered HTTP ${res.status} for ${cid.toString()}: try again later, or another --gateway`, { endpoint: base })
  } catch (err) {
    return endpointError(err, 'gateway', base)
  }
}

/**
 * Find out why a fetch failed, endpoint by endpoint: ask each gateway for
 * the root block (refused? silent? 404?) and each routing endpoint for
 * providers (unreachable? nobody listed?). Returns one error naming the
 * endpoint, the cause and what to try (the failures of several endpoints
 * joined on one line), or undefined when every endpoint looks healthy.
 */
export async function diagnoseFetch (network: ParsedNetworkOptions, cid: CID, options: DiagnoseFetchOptions = {}): Promise<Error | undefined> {
  const failures: Error[] = []
  const healthy: string[] = []
  for (const gateway of network.gateways) {
    const failure = await probeGateway(gateway, cid, options)
    if (failure != null) failures.push(failure)
    else healthy.push(gateway.toString())
  }
  if (network.routers.length > 0) {
    try {
      await findProviders(network.routers, cid, { timeoutMs: options.probeMs ?? 5000 })
      healthy.push('routing')
    } catch (err) {
      failures.push(err as Error)
    }
  }
  // an endpoint that has the root means the failure lies elsewhere (a later block, a peer)
  if (failures.length === 0 || healthy.length > 0) return undefined
  const [first] = failures
  if (failures.length === 1 || first == null) return first
  first.message = failures.map(f => f.message).join(' | ')
  return first
}
