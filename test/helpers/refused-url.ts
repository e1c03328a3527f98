import { createServer } from 'node:net'

/** A loopback URL whose port was free a moment ago: connecting to it is refused */
export async function refusedUrl (): Promise<string> {
  const s = createServer()
  await new Promise<void>(resolve => s.listen(0, '127.0.0.1', () => resolve()))
  const a = s.address()
  await new Promise<void>(resolve => s.close(() => resolve()))
  return `http://127.0.0.1:${typeof a === 'object' && a != null ? a.port : 0}`
}
