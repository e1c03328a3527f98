import { createToolContext } from '../tools/index.js'
import { createMcpServer, describeError } from './create-mcp-server.js'
import { describeProgress } from './progress-notifier.js'
import { createQuarryTools, quarryResources, QUARRY_INSTRUCTIONS, type QuarryToolsOptions } from './quarry-tools.js'
import { serveHttp } from './serve-http.js'
import { serveStdio } from './serve-stdio.js'
import type { QuarrySession } from '../session/index.js'
import type { AbortOptions } from '@libp2p/interface'

/** Options for {@link runQuarryMcp} */
export interface RunQuarryMcpOptions extends AbortOptions, QuarryToolsOptions {
  /** Serve Streamable HTTP on 127.0.0.1 instead of stdio */
  http?: { port: number, token: string }
  /** Open (building if needed) the default corpus index at start. @default true */
  warm?: boolean
  /** Embedder spec for indexes built on first use */
  embedder?: string
  /** Status lines (never protocol). @default written to stderr */
  log?(line: string): void
  /** Called once the HTTP endpoint listens */
  onListening?(url: URL): void
}

/**
 * Serve the Quarry tools and `ipfs://` resources over MCP on an open session
 * until the client goes away (stdio) or `signal` aborts.
 */
export async function runQuarryMcp (session: QuarrySession, options: RunQuarryMcpOptions = {}): Promise<void> {
  const log = options.log ?? ((line: string) => { process.stderr.write(`quarry mcp: ${line}\n`) })
  let lastLog = 0
  const ctx = createToolContext(session, {
    embedder: options.embedder,
    onBuild: ref => log(`no index for ${ref} yet: building its lexical index now; dense embedding follows in the background`),
    progressive: true,
    onBackground: (index, r) => log(r.error != null
      ? `background embedding of ${index.manifest.corpusCid} stopped: ${describeError(r.error)}`
      : `index ${r.cid ?? ''} for ${index.manifest.corpusCid} fully embedded (${index.chunks.length} chunks)`),
    onProgress: event => {
      const line = describeProgress(event)
      if (line == null || Date.now() - lastLog < 2000) return
      lastLog = Date.now()
      log(line)
    }
  })
  const tools = createQuarryTools(ctx, options)
  const resources = quarryResources(ctx)
  const make = (): ReturnType<typeof createMcpServer> => createMcpServer({ tools, resources, instructions: QUARRY_INSTRUCTIONS })

  if (options.warm !== false) {
    ctx.openIndex().then(
      index => log(`index ${index.cid?.toString() ?? ''} for ${session.defaultCorpus} ready (${index.chunks.length} chunks)`),
      err => log(`could not open the ${session.defaultCorpus} index: ${describeError(err)}`)
    )
  }

  if (options.http == null) {
    await serveStdio(make(), { signal: options.signal })
    return
  }
  const http = await serveHttp(make, options.http)
  log(`listening on ${http.url.href}`)
  options.onListening?.(http.url)
  try {
    await new Promise<void>(resolve => {
      if (options.signal == null) return
      if (options.signal.aborted) resolve()
      options.signal.addEventListener('abort', () => resolve(), { once: true })
    })
  } finally {
    await http.close()
  }
}
