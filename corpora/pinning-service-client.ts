import { RemotePinError } from './errors.js'
import type { AbortOptions } from '@libp2p/interface'

/** Status of a pin request (IPFS Pinning Service API) */
export type RemotePinStatusName = 'queued' | 'pinning' | 'pinned' | 'failed'

/** Every status, for listing requests in any state (the API lists only `pinned` by default) */
export const ALL_PIN_STATUSES: readonly RemotePinStatusName[] = ['queued', 'pinning', 'pinned', 'failed']

/** The pin object of the API */
export interface RemotePin {
  cid: string
  name?: string
  /** Multiaddrs of nodes that hold the data, so the service can fetch it from them */
  origins?: string[]
  meta?: Record<string, string>
}

/** A pin request's status (`PinStatus` in the API) */
export interface RemotePinStatus {
  requestid: string
  status: RemotePinStatusName
  created: string
  pin: RemotePin
  /** Multiaddrs the service will fetch from; connect to them to speed up the transfer */
  delegates: string[]
  info?: Record<string, string>
}

/** Filters for {@link PinningServiceClient.ls} */
export interface ListPinsOptions extends AbortOptions {
  cid?: string[]
  name?: string
  /** @default every status */
  status?: readonly RemotePinStatusName[]
  /** @default 1000 (the API's maximum) */
  limit?: number
}

/** A client for one remote pinning service */
export interface PinningServiceClient {
  /** The service endpoint, e.g. `https://api.pinata.cloud/psa` */
  endpoint: string
  add(pin: RemotePin, options?: AbortOptions): Promise<RemotePinStatus>
  ls(options?: ListPinsOptions): Promise<{ count: number, results: RemotePinStatus[] }>
  get(requestid: string, options?: AbortOptions): Promise<RemotePinStatus>
  rm(requestid: string, options?: AbortOptions): Promise<void>
}

/** Options for {@link createPinningServiceClient} */
export interface PinningServiceClientOptions {
  /** Service endpoint URL (the API's base, without `/pins`) */
  endpoint: string
  /** Access token, sent as `Authorization: Bearer <token>` */
  token: string
  /** @default globalThis.fetch */
  fetch?: typeof fetch
}

function checkStatus (value: any, what: string): RemotePinStatus {
  const ok = value != null && typeof value.requestid === 'string' && ALL_PIN_STATUSES.includes(value.status) &&
    typeof value.created === 'string' && typeof value.pin?.cid === 'string' && Array.isArray(value.delegates)
  if (!ok) throw new RemotePinError(`The pinning service answered ${what} with something that is not a PinStatus: ${JSON.stringify(value).slice(0, 200)}`)
  return value as RemotePinStatus
}

/**
 * A client for the IPFS Pinning Service API
 * (https://ipfs.github.io/pinning-services-api-spec/): ask a remote service to
 * pin a CID (`POST /pins`), list requests (`GET /pins`), check one
 * (`GET /pins/{requestid}`) and remove one (`DELETE /pins/{requestid}`).
 *
 * @throws {RemotePinError} naming the service's `error.reason` and `details` on any refusal
 */
export function createPinningServiceClient (options: PinningServiceClientOptions): PinningServiceClient {
  let base: URL
  try {
    base = new URL(options.endpoint.replace(/\/+$/, '') + '/')
  } catch (err) {
    throw new RemotePinError(`Pinning service endpoint "${options.endpoint}" is not a URL`, { cause: err })
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new RemotePinError(`Pinning service endpoint "${options.endpoint}" must be an http(s) URL`)
  if (options.token.trim() === '') throw new RemotePinError('A pinning service needs an access token')
  const doFetch = options.fetch ?? globalThis.fetch

  const call = async (method: string, path: string, body: unknown, signal?: AbortSignal): Promise<any> => {
    const url = new URL(path, base)
    let res: Response
    try {
      res = await doFetch(url, {
        method,
        headers: { authorization: `Bearer ${options.token}`, accept: 'application/json', ...(body != null ? { 'content-type': 'application/json' } : {}) },
        ...(body != null ? { body: JSON.stringify(body) } : {}),
        ...(signal != null ? { signal } : {})
      })
    } catch (err) {
      throw new RemotePinError(`Cannot reach the pinning service at ${base.href}: ${(err as Error).message}`, { cause: err })
    }
    const text = await res.text()
    let json: any
    try {
      json = text === '' ? undefined : JSON.parse(text)
    } catch {
      json = undefined
    }
    if (!res.ok) {
      const reason = json?.error?.reason ?? res.statusText
      const details = json?.error?.details != null ? `: ${String(json.error.details)}` : ''
      throw new RemotePinError(`The pinning service refused ${method} ${url.pathname} (${res.status} ${String(reason)}${details})`, { status: res.status })
    }
    return json
  }

  return {
    endpoint: base.href.replace(/\/$/, ''),
    async add (pin, opts = {}) {
      return checkStatus(await call('POST', 'pins', pin, opts.signal), 'POST /pins')
    },
    async ls (opts = {}) {
      const q = new URLSearchParams()
      if (opts.cid != null && opts.cid.length > 0) q.set('cid', opts.cid.join(','))
      if (opts.name != null) q.set('name', opts.name)
      q.set('status', (opts.status ?? ALL_PIN_STATUSES).join(','))
      q.set('limit', String(opts.limit ?? 1000))
      const json = await call('GET', `pins?${q.toString()}`, undefined, opts.signal)
      if (!Number.isInteger(json?.count) || !Array.isArray(json?.results)) {
        throw new RemotePinError(`The pinning service answered GET /pins with something that is not a PinResults: ${JSON.stringify(json).slice(0, 200)}`)
      }
      return { count: json.count, results: (json.results as unknown[]).map(r => checkStatus(r, 'GET /pins')) }
    },
    async get (requestid, opts = {}) {
      return checkStatus(await call('GET', `pins/${encodeURIComponent(requestid)}`, undefined, opts.signal), 'GET /pins/{requestid}')
    },
    async rm (requestid, opts = {}) {
      await call('DELETE', `pins/${encodeURIComponent(requestid)}`, undefined, opts.signal)
    }
  }
}
