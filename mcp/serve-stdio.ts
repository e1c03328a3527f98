import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import type { AbortOptions } from '@libp2p/interface'
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import type { Readable, Writable } from 'node:stream'

/** Options for {@link serveStdio} */
export interface ServeStdioOptions extends AbortOptions {
  /** @default process.stdin */
  stdin?: Readable
  /** @default process.stdout */
  stdout?: Writable
}

/**
 * Serve an MCP server over stdio until stdin ends, the client closes the
 * connection or `signal` aborts. While serving on the process's own stdout,
 * `console.log`/`info`/`debug` are sent to stderr so that nothing but
 * protocol messages reaches stdout.
 */
export async function serveStdio (server: McpServer, options: ServeStdioOptions = {}): Promise<void> {
  const stdin = options.stdin ?? process.stdin
  const stdout = options.stdout ?? process.stdout
  const restore = stdout === process.stdout ? guardConsole() : () => {}
  try {
    const closed = new Promise<void>(resolve => {
      server.server.onclose = resolve
      stdin.once('end', resolve)
      stdin.once('close', resolve)
      if (options.signal != null) {
        if (options.signal.aborted) resolve()
        options.signal.addEventListener('abort', () => resolve(), { once: true })
      }
    })
    await server.connect(new StdioServerTransport(stdin, stdout))
    await closed
    await server.close()
  } finally {
    restore()
  }
}

/** Route console output that would go to stdout to stderr; returns the undo */
function guardConsole (): () => void {
  const saved = { log: console.log, info: console.info, debug: console.debug }
  console.log = console.info = console.debug = (...args: unknown[]) => console.error(...args)
  return () => Object.assign(console, saved)
}
