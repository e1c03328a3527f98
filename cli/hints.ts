/**
 * What to type next, keyed by error `code`: the library's errors say what
 * went wrong in its own terms, and the CLI adds the flags and commands that
 * fix it. Only here does an error learn about CLI flags.
 */
export const CLI_HINTS: Readonly<Record<string, string>> = Object.freeze({
  ERR_BLOCK_NOT_FOUND: 'pass --peer <multiaddr> or --gateway <url>, or --routing <url> to find providers (or set QUARRY_PEERS / QUARRY_GATEWAYS / QUARRY_ROUTING)',
  ERR_CORPUS_NOT_FOUND: 'add a folder with `quarry corpus add <folder>`, or fetch a CID with `quarry corpus fetch <cid> --peer <multiaddr>`',
  ERR_EMBEDDER_MISMATCH: 'pass --embedder with the index\'s embedder, or rebuild the index with `quarry index build`',
  ERR_INVALID_CID: '`quarry corpus list` and `quarry index list` print the CIDs this home knows',
  ERR_INDEX_NOT_FOUND: 'build one with `quarry index build <corpus>`, or list the indexes here with `quarry index list`',
  ERR_MISSING_TOKEN: 'pass --token <token> or set QUARRY_MCP_TOKEN (e.g. `export QUARRY_MCP_TOKEN=$(openssl rand -hex 32)`)'
})

/** An error as the CLI prints it: `Error (Name): message; hint` on one line */
export function formatCliError (err: unknown): string {
  const e = err as Error & { code?: unknown }
  const name = e.name !== '' && e.name !== 'Error' && e.name != null ? ` (${e.name})` : ''
  const hint = typeof e.code === 'string' ? CLI_HINTS[e.code] : undefined
  const message = String(e.message ?? err)
  return `Error${name}: ${message}${hint != null && !message.includes(hint) ? `; ${hint}` : ''}`
}
