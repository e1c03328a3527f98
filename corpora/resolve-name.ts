import { CID } from 'multiformats/cid'
import { ContentNotFoundError, InvalidCidError } from './errors.js'
import type { Helia } from 'helia'
import type { AbortOptions } from '@libp2p/interface'

/** Options for {@link resolveName} */
export interface ResolveNameOptions extends AbortOptions {
  /**
   * DNS-over-HTTPS endpoints speaking the JSON API (RFC 8427, e.g.
   * `https://cloudflare-dns.com/dns-query`) used for DNSLink. @default the system resolver
   */
  dnsResolvers?: readonly string[]
}

/** A mutable name resolved to the root it names now */
export interface ResolvedName {
  /** The name as given, normalised to `/ipns/<name>` */
  name: string
  cid: CID
  /** A path under `cid` the name points into ('' for the root) */
  path: string
  /** How it was resolved */
  via: 'ipns' | 'dnslink'
}

/** True for `/ipns/<name>` and `ipns://<name>` */
export function isMutableName (ref: string): boolean {
  return /^(\/ipns\/|ipns:\/\/)[^/]+/.test(ref)
}

/** `/ipfs/<cid>[/path]` → its CID and path */
function ipfsPath (value: string, name: string): { cid: CID, path: string } {
  const m = /^\/ipfs\/([^/]+)(\/.*)?$/.exec(value)
  if (m?.[1] == null) throw new ContentNotFoundError(`${name} points at "${value}", not at /ipfs/<cid>`)
  return { cid: CID.parse(m[1]), path: (m[2] ?? '').replace(/^\/+/, '') }
}

/** The key part of an IPNS name looks like a key (a libp2p-key CID or a peer ID), not a domain */
function isKey (label: string): boolean {
  return !label.includes('.') && /^(k51|k2k4|bafz|12D3|Qm)/.test(label)
}

/**
 * Resolve `/ipns/<key>` (an IPNS record, fetched through the node's routers:
 * the Delegated Routing V1 `GET /routing/v1/ipns/{name}` endpoint when
 * `--routing` is set, and verified against the key) or `/ipns/<domain>`
 * (DNSLink: the `_dnslink.<domain>` TXT record, possibly naming an IPNS key)
 * to the CID it names now, with `@helia/ipns` and `@helia/dnslink`.
 *
 * @throws {InvalidCidError} when `ref` is not an `/ipns/` name
 * @throws {ContentNotFoundError} when no record names anything
 */
export async function resolveName (helia: Helia, ref: string, options: ResolveNameOptions = {}): Promise<ResolvedName> {
  const label = ref.replace(/^(\/ipns\/|ipns:\/\/)/, '').split('/')[0] ?? ''
  if (!isMutableName(ref) || label === '') throw new InvalidCidError(`"${ref}" is not an IPNS name: use /ipns/<key> or /ipns/<dnslink domain>`)
  const name = `/ipns/${label}`
  if (isKey(label)) return { name, ...(await resolveIpns(helia, label, name, options)), via: 'ipns' }
  const [{ dnsLink }, { dns }, { dnsJsonOverHttps }] = await Promise.all([
    import('@helia/dnslink'), import('@multiformats/dns'), import('@multiformats/dns/resolvers')
  ])
  const resolvers = (options.dnsResolvers ?? []).map(url => dnsJsonOverHttps(url))
  const link = dnsLink({ dns: dns(resolvers.length > 0 ? { resolvers: { '.': resolvers } } : {}), logger: helia.logger })
  let results: Awaited<ReturnType<typeof link.resolve>>
  try {
    results = await link.resolve(label, { signal: options.signal })
  } catch (err) {
    options.signal?.throwIfAborted()
    throw new ContentNotFoundError(`${name}: no DNSLink record at _dnslink.${label} (${(err as Error).message}); check the domain, or use /ipns/<key>`, { cause: err })
  }
  for (const r of results) {
    if (r.namespace === 'ipfs') return { name, cid: r.cid, path: r.path.replace(/^\/+/, ''), via: 'dnslink' }
    if (r.namespace === 'ipns') {
      const key = CID.createV1(0x72, r.value).toString()
      return { name, ...(await resolveIpns(helia, key, `/ipns/${key}`, options)), via: 'dnslink' }
    }
  }
  throw new ContentNotFoundError(`${name}: the DNSLink record at _dnslink.${label} names neither /ipfs/ nor /ipns/`)
}

async function resolveIpns (helia: Helia, key: string, name: string, options: AbortOptions): Promise<{ cid: CID, path: string }> {
  const { ipns } = await import('@helia/ipns')
  let value: string | undefined
  try {
    for await (const r of ipns(helia).resolve(key, { signal: options.signal, nocache: true })) value = r.value
  } catch (err) {
    options.signal?.throwIfAborted()
    if ((err as Error).name === 'InvalidParametersError' || (err as Error).name === 'SyntaxError') throw new InvalidCidError(`"${name}" is not a valid IPNS key: ${(err as Error).message}`, { cause: err })
    throw new ContentNotFoundError(`no IPNS record for ${name} from the routing endpoints (${(err as Error).message}): check the name, or ask its publisher to publish it (quarry corpus publish)`, { cause: err })
  }
  if (value == null) throw new ContentNotFoundError(`no IPNS record for ${name} from the routing endpoints: check the name, or ask its publisher to publish it (quarry corpus publish)`)
  return ipfsPath(value, name)
}

/**
 * Publish an IPNS record naming `cid` under the key `keyName` (created in
 * the home's keychain on first use, so later publishes update the same
 * name), sent through the node's routers (with `--routing`: `PUT
 * /routing/v1/ipns/{name}`).
 *
 * @returns the name, `/ipns/k51…`, and the record's sequence number
 */
export async function publishName (helia: Helia, keyName: string, cid: CID, options: AbortOptions = {}): Promise<{ name: string, sequence: bigint }> {
  const [{ ipns }, { base36 }] = await Promise.all([import('@helia/ipns'), import('multiformats/bases/base36')])
  const result = await ipns(helia).publish(keyName, cid, { signal: options.signal })
  return { name: `/ipns/${result.publicKey.toCID().toString(base36)}`, sequence: result.record.sequence ?? 0n }
}
