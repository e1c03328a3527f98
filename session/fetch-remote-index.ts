import { CID } from 'multiformats/cid'
import { readManifest, type IndexStore } from '../indexes/index.js'
import { diagnoseFetch, type QuarryNode } from '../corpora/index.js'
import type { AbortOptions } from '@libp2p/interface'

/** Options for {@link fetchRemoteIndex} */
export interface FetchRemoteIndexOptions extends AbortOptions {
  /** Give up looking for the manifest after this many milliseconds. @default 60000 */
  probeTimeoutMs?: number
  /** Give up fetching the index after this many milliseconds. @default 300000 */
  timeoutMs?: number
}

/**
 * On an online node, fetch an index named by CID that is not local yet: read
 * its manifest from peers or gateways first (a few blocks), and only when it
 * is a Quarry index fetch the whole index DAG (every block hash-checked), pin
 * and register it. The corpus is not fetched: its blocks come later, lazily,
 * when a document is read or a citation verified.
 *
 * @returns the index CID, or undefined when `ref` is not a CID or not an index
 * @throws {EndpointUnreachableError | FetchStalledError | ContentNotFoundError | NoProvidersError} when the
 *   manifest did not come and probing the node's endpoints found why
 */
export async function fetchRemoteIndex (node: Pick<QuarryNode, 'fs' | 'online'> & Partial<Pick<QuarryNode, 'network'>>, indexes: Pick<IndexStore, 'fetch'>, ref: string, options: FetchRemoteIndexOptions = {}): Promise<CID | undefined> {
  if (!node.online || !/^(b|Qm)[1-9A-Za-z]+$/.test(ref)) return undefined
  let cid: CID
  try {
    cid = CID.parse(ref)
  } catch {
    return undefined
  }
  const probeMs = options.probeTimeoutMs ?? 60_000
  const probe = new AbortController()
  // ref'd, so a dropped connection ends in this error rather than an exit with the read pending
  const handle = setTimeout(() => probe.abort(new Error(`no peer or gateway supplied the manifest of ${ref} within ${probeMs / 1000} s`)), probeMs)
  try {
    await readManifest(node.fs, cid, { signal: options.signal == null ? probe.signal : AbortSignal.any([options.signal, probe.signal]) })
  } catch (err) {
    options.signal?.throwIfAborted()
    if ((err as Error).name === 'InvalidIndexError') return undefined
    // say which endpoint failed and why (refused, silent, 404, nobody listed), not only that the manifest never came
    const diagnosed = node.network == null ? undefined : await diagnoseFetch(node.network, cid, { probeMs: Math.min(5000, probeMs) })
    if (diagnosed != null) {
      diagnosed.cause ??= err
      throw diagnosed
    }
    if (probe.signal.aborted) throw probe.signal.reason as Error
    throw err
  } finally {
    clearTimeout(handle)
  }
  await indexes.fetch(cid, { signal: options.signal, timeoutMs: options.timeoutMs ?? 300_000 })
  return cid
}
