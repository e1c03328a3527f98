import { describe, it, expect } from 'vitest'
import { endpointError } from './endpoint-error.js'
import { refusedUrl } from '../test/helpers/refused-url.js'

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
