import { Command } from 'commander'
import { MissingTokenError, openQuarrySession } from '../session/index.js'
import { cliSettings, type GlobalOptions } from './context.js'
import { sharedOption } from './options.js'

/** Parse `--http <port>`: an integer 0-65535 (0 picks a free port) */
export function parsePort (value: string): number {
  const n = Number(value)
  if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--http must be a port number 0-65535, got "${value}"`)
  return n
}

/**
 * The bearer token for `--http`: `--token`, else `QUARRY_MCP_TOKEN` in `env`
 * (the resolved settings' environment).
 *
 * @throws {MissingTokenError} when neither is set
 */
export function httpToken (flag: string | undefined, env: Record<string, string | undefined>): string {
  const token = (flag ?? env.QUARRY_MCP_TOKEN ?? '').trim()
  if (token === '') {
    throw new MissingTokenError('Refusing to serve MCP over HTTP without a bearer token: pass --token <token> or set QUARRY_MCP_TOKEN (e.g. `export QUARRY_MCP_TOKEN=$(openssl rand -hex 32)`)')
  }
  return token
}

/** `quarry mcp` */
export function mcpCommand (): Command {
  return new Command('mcp')
    .description('serve the Quarry tools (quarry_search, quarry_read, quarry_list_corpora, quarry_ask, quarry_verify) and ipfs://<cid> resources to MCP clients over stdio, or over Streamable HTTP on 127.0.0.1 with --http')
    .option('--http <port>', 'serve Streamable HTTP at http://127.0.0.1:<port>/mcp instead of stdio (0 picks a free port); needs a token')
    .option('--token <token>', 'bearer token HTTP clients must send (default: $QUARRY_MCP_TOKEN)')
    .addOption(sharedOption('corpus', 'default corpus for the tools (default: $QUARRY_CORPUS or filecoin-docs)'))
    .addOption(sharedOption('embedder', 'embedder for indexes built on first use (default: $QUARRY_EMBEDDER or use)'))
    .option('--no-warm', 'do not open (or build) the default corpus index at start')
    .action(async (opts: { http?: string, token?: string, corpus?: string, embedder?: string, warm: boolean }, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>()
      const settings = cliSettings(g, { ...(opts.corpus != null ? { corpus: opts.corpus } : {}), ...(opts.embedder != null ? { embedder: opts.embedder } : {}) })
      const http = opts.http != null ? { port: parsePort(opts.http), token: httpToken(opts.token, settings.env) } : undefined
      // the MCP SDK and the tools load only when the server starts, so `quarry --help` stays fast
      const { runQuarryMcp } = await import('../mcp/index.js')
      const stop = new AbortController()
      const onSignal = (): void => stop.abort()
      process.once('SIGINT', onSignal)
      process.once('SIGTERM', onSignal)
      const session = await openQuarrySession({ settings })
      try {
        await runQuarryMcp(session, { http, warm: opts.warm, embedder: opts.embedder, signal: stop.signal })
      } finally {
        process.off('SIGINT', onSignal)
        process.off('SIGTERM', onSignal)
        await session.close()
      }
    })
}
