import { Command } from 'commander'
import { computeDagPieceCid, parseCid, serveGateway, type GatewayServer, type QuarryNode } from '../corpora/index.js'
import type { CID } from 'multiformats/cid'
import { openQuarrySession } from '../session/index.js'
import { cliSettings, type GlobalOptions } from './context.js'
import { httpToken, parsePort } from './mcp-command.js'

/** Default libp2p listen address of `quarry serve`: loopback, any free port */
export const DEFAULT_SERVE_LISTEN = '/ip4/127.0.0.1/tcp/0'
/** Default trustless gateway address of `quarry serve`: loopback */
export const DEFAULT_GATEWAY_LISTEN = '127.0.0.1:8089'

/**
 * Parse `--gateway-listen host:port` (IPv4, IPv6 in brackets, or a name);
 * port 0 picks a free one.
 */
export function parseHostPort (value: string): { host: string, port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value.trim())
  const port = Number(m?.[3])
  const host = m?.[1] ?? m?.[2]
  if (m == null || host == null || !Number.isInteger(port) || port > 65535) {
    throw new Error(`--gateway-listen must be host:port (e.g. 127.0.0.1:8089), got "${value}"`)
  }
  return { host, port }
}

/**
 * `/piece/{pieceCid}` lookups for the corpora and indexes served: their piece
 * CIDs are computed (each CAR streamed through the piece hasher) on the first
 * piece request, not at start.
 */
function pieceRoots (node: QuarryNode, roots: string[]): (pieceCid: string) => Promise<CID | undefined> {
  let pieces: Promise<Map<string, CID>> | undefined
  return async (pieceCid) => {
    pieces ??= (async () => {
      const map = new Map<string, CID>()
      for (const root of roots) {
        const cid = parseCid(root)
        map.set((await computeDagPieceCid(node.helia, cid)).pieceCid, cid)
      }
      return map
    })()
    return (await pieces).get(pieceCid)
  }
}

interface ServeFlags {
  gatewayListen: string
  gateway: boolean
  mcpHttp?: string
  token?: string
}

/**
 * `quarry serve`: keep a node up that provides every pinned corpus and index
 * over bitswap (libp2p, `--listen`) and a trustless HTTP gateway, optionally
 * hosting the MCP HTTP endpoint too, until SIGINT/SIGTERM.
 */
export function serveCommand (): Command {
  return new Command('serve')
    .description('provide every pinned corpus and index over bitswap (--listen, default loopback) and a trustless HTTP gateway until SIGINT/SIGTERM')
    .option('--gateway-listen <host:port>', 'trustless gateway address (loopback unless told otherwise; port 0 picks a free one)', DEFAULT_GATEWAY_LISTEN)
    .option('--no-gateway', 'serve bitswap only')
    .option('--mcp-http <port>', 'also serve MCP over Streamable HTTP at http://127.0.0.1:<port>/mcp (needs --token)')
    .option('--token <token>', 'bearer token for --mcp-http (default: $QUARRY_MCP_TOKEN)')
    .action(async (opts: ServeFlags, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>()
      const gatewayAt = opts.gateway ? parseHostPort(opts.gatewayListen) : undefined
      const settings = cliSettings(g)
      const mcp = opts.mcpHttp != null ? { port: parsePort(opts.mcpHttp), token: httpToken(opts.token, settings.env) } : undefined
      const network = { ...settings.network }
      if ((network.listen ?? []).length === 0) network.listen = [DEFAULT_SERVE_LISTEN]
      const stop = new AbortController()
      const onSignal = (): void => stop.abort()
      process.once('SIGINT', onSignal)
      process.once('SIGTERM', onSignal)
      const session = await openQuarrySession({ settings: { ...settings, network } })
      let gateway: GatewayServer | undefined
      let mcpDone: Promise<void> | undefined
      try {
        const corpora = await session.corpora.list()
        const indexes = await session.indexes.list()
        const out = (line: string): void => { process.stdout.write(line + '\n') }
        out(`serving ${corpora.length} corpora and ${indexes.length} indexes from ${session.node.home.root}`)
        for (const c of corpora) out(`corpus ${c.cid} ${c.name}`)
        for (const i of indexes) out(`index ${i.cid} ${i.corpusName ?? i.corpusCid} (${i.embedder}, ${i.chunks} chunks)`)
        const node = await session.node.start()
        for (const ma of node.multiaddrs()) out(`listen ${ma.toString()}`)
        if (gatewayAt != null) {
          gateway = await serveGateway(node.helia, { ...gatewayAt, pieceRoot: pieceRoots(node, [...corpora.map(c => c.cid), ...indexes.map(i => i.cid)]) })
          out(`gateway ${gateway.url}`)
        }
        if (mcp != null) {
          const { runQuarryMcp } = await import('../mcp/index.js')
          let listening: (url: URL) => void = () => {}
          const ready = new Promise<URL>(resolve => { listening = resolve })
          mcpDone = runQuarryMcp(session, { http: mcp, warm: false, signal: stop.signal, onListening: url => listening(url), log: line => process.stderr.write(`quarry serve: mcp ${line}\n`) })
          out(`mcp ${(await Promise.race([ready, mcpDone.then(() => { throw new Error('the MCP endpoint stopped at start') })])).href}`)
        }
        out('ready (Ctrl-C to stop)')
        if (!stop.signal.aborted) await new Promise<void>(resolve => stop.signal.addEventListener('abort', () => resolve(), { once: true }))
        process.stderr.write('quarry serve: stopping\n')
      } finally {
        process.off('SIGINT', onSignal)
        process.off('SIGTERM', onSignal)
        stop.abort()
        await mcpDone?.catch(() => {})
        await gateway?.close()
        await session.close()
      }
      process.stderr.write('quarry serve: stopped\n')
    })
}
