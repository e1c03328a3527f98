import { mkdir } from 'node:fs/promises'
import { CID } from 'multiformats/cid'
import { ContentNotFoundError, InvalidNetworkConfigError } from './errors.js'
import { fetchPiece, parsePieceCid, type FetchedPiece, type FetchPieceOptions } from './fetch-piece.js'
import { findProviders } from './find-providers.js'
import type { AbortOptions } from '@libp2p/interface'

/** Options for {@link retrievePiece} */
export interface RetrievePieceOptions extends Omit<FetchPieceOptions, 'dir'>, AbortOptions {
  /** Folder for the download (created if missing) */
  dir: string
  /** Storage provider base URLs serving `/piece/{pieceCid}`, tried in order */
  providers?: readonly string[]
  /** Delegated Routing V1 endpoints asked for providers of the piece CID when `providers` is empty */
  routers?: readonly URL[]
}

/** The HTTP(S) base URLs of routed providers (multiaddrs `/dns|ip4|ip6/…/tcp/<port>/http(s)`) */
async function httpBases (addrs: Array<{ toString(): string }>): Promise<string[]> {
  const { multiaddrToUri } = await import('@multiformats/multiaddr-to-uri')
  const { multiaddr } = await import('@multiformats/multiaddr')
  const bases: string[] = []
  for (const a of addrs) {
    if (!/\/(https?|tls\/http)(\/|$)/.test(a.toString())) continue
    try {
      bases.push(multiaddrToUri(multiaddr(a.toString())).replace(/\/$/, ''))
    } catch {
      // an address we cannot turn into a URL is skipped
    }
  }
  return bases
}

/**
 * Download a piece by its piece CID v2 from the storage providers given, or
 * from those a routing endpoint lists for the piece CID, trying each until
 * one serves bytes that hash to it ({@link fetchPiece}).
 *
 * @throws the provider's error when there was one provider, else a {@link ContentNotFoundError} naming each provider's failure
 * @throws {NoProvidersError} when routing lists nobody with an HTTP address
 */
export async function retrievePiece (pieceCid: string, options: RetrievePieceOptions): Promise<FetchedPiece> {
  await parsePieceCid(pieceCid)
  let providers = [...(options.providers ?? [])]
  if (providers.length === 0) {
    if ((options.routers ?? []).length === 0) throw new InvalidNetworkConfigError('fetching by piece CID needs --provider <url> or a routing endpoint (--routing <url>) to find providers')
    const routed = await findProviders(options.routers ?? [], CID.parse(pieceCid), options)
    providers = [...new Set((await Promise.all(routed.map(async p => httpBases(p.addrs)))).flat())]
    if (providers.length === 0) throw new ContentNotFoundError(`the routing endpoint lists providers for ${pieceCid}, but none with an HTTP address to fetch /piece/ from; pass --provider <url>`)
  }
  await mkdir(options.dir, { recursive: true })
  const failures: Error[] = []
  for (const provider of providers) {
    try {
      return await fetchPiece(pieceCid, provider, options)
    } catch (err) {
      options.signal?.throwIfAborted()
      if ((err as Error).name === 'InvalidCidError') throw err
      failures.push(err as Error)
    }
  }
  if (failures.length === 1 && failures[0] != null) throw failures[0]
  throw new ContentNotFoundError(`no provider served piece ${pieceCid}: ${failures.map(f => f.message).join(' | ')}`, { cause: failures[0] })
}
