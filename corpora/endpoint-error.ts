import { EndpointUnreachableError, FetchStalledError } from './errors.js'

/** Error codes Node's fetch (undici) and sockets give for an endpoint that cannot be reached */
const UNREACHABLE: Readonly<Record<string, string>> = Object.freeze({
  ECONNREFUSED: 'refused the connection (ECONNREFUSED): is it running, and are the host and port right?',
  ENOTFOUND: 'has a host name that does not resolve (ENOTFOUND): check the URL',
  EAI_AGAIN: 'has a host name that could not be resolved now (EAI_AGAIN): check the network or DNS',
  ECONNRESET: 'closed the connection (ECONNRESET): try again, or another endpoint',
  EHOSTUNREACH: 'is unreachable (EHOSTUNREACH): check the network',
  ENETUNREACH: 'is on an unreachable network (ENETUNREACH): check the network',
  UND_ERR_SOCKET: 'closed the connection mid-request: try again, or another endpoint'
})

/** The innermost `code` of an error and its causes (fetch wraps socket errors in `TypeError: fetch failed`) */
function rootCode (err: unknown): string | undefined {
  let e = err as { code?: unknown, cause?: unknown } | undefined
  let code: string | undefined
  for (let depth = 0; e != null && depth < 5; depth++) {
    if (typeof e.code === 'string') code = e.code
    e = e.cause as typeof e
  }
  return code
}

/**
 * Turn a failed HTTP request into one line a user can act on: which
 * endpoint, what happened underneath (the socket error, not "fetch failed")
 * and what to try. `what` names the endpoint's role (`gateway`, `routing
 * endpoint`, `storage provider`). Errors that are not network failures are
 * returned unchanged.
 */
export function endpointError (err: unknown, what: string, endpoint: string): Error {
  const name = (err as Error | undefined)?.name
  if (name === 'EndpointUnreachableError' || name === 'FetchStalledError') return err as Error
  if (name === 'TimeoutError') {
    return new FetchStalledError(`${what} ${endpoint} sent nothing in time (stalled): try another ${what}, or a longer --timeout`, { cause: err, endpoint })
  }
  const code = rootCode(err)
  const reason = code == null ? undefined : UNREACHABLE[code]
  if (reason != null) return new EndpointUnreachableError(`${what} ${endpoint} ${reason}`, { cause: err, endpoint })
  if (name === 'TypeError' && /fetch failed/.test((err as Error).message)) {
    return new EndpointUnreachableError(`${what} ${endpoint} could not be reached (${code ?? String((err as Error & { cause?: Error }).cause?.message ?? 'fetch failed')})`, { cause: err, endpoint })
  }
  return err as Error
}
