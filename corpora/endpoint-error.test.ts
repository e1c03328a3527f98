import { describe, it, expect } from 'vitest'
import { endpointError } from './endpoint-error.js'

/** A loopback URL whose port was free a moment ago: connecting is refused */
async function refusedUrl (): Promise<string> {
  const { createServer } = await import('node:net')
  const s = createServer()
  await new Promise<void>(resolve => s.listen(0, '127.0.0.1', () => resolve()))
  const a = s.address()
  await new Promise<void>(resolve => s.close(() => resolve()))
  return `http://127.0.0.1:${typeof a === 'object' && a != null ? a.port : 0}`
}

describe('endpointError', () => {
  it('names the socket error under fetch\'s "fetch failed"', async () => {
    const url = await refusedUrl()
    const err = await fetch(url).catch((e: unknown) => e)
    expect(endpointError(err, 'gateway', url)).toMatchObject({
      name: 'EndpointUnreachableError',
      endpoint: url,
      message: `gateway ${url} refused the connection (ECONNREFUSED): is it running, and are the host and port right?`
    })
  })

  it('turns a timeout into a stall and leaves other errors alone', () => {
    expect(endpointError(new DOMException('t', 'TimeoutError'), 'routing endpoint', 'http://r')).toMatchObject({ name: 'FetchStalledError', endpoint: 'http://r' })
    const other = new RangeError('x')
    expect(endpointError(other, 'gateway', 'http://g')).toBe(other)
  })
})
