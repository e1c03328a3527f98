import type { LexicalHit, LexicalMatches, LexicalSearch } from './lexical-index.js'
import type { AbortOptions } from '@libp2p/interface'

/**
 * The {@link LexicalMatches} of a query over a {@link LexicalSearch} that
 * answers asynchronously (the Postgres copy): the `top` best hits, asked for
 * up front, plus the exact hits of `extra` chunk ids (dense candidates) that
 * are not among them. `top(k)` answers for `k` up to `top.length`'s request;
 * `get` answers for the fetched ids and 0 for the rest (ids not fetched are
 * ids the caller never asks about).
 */
export async function fetchedMatches (lexical: LexicalSearch, query: string, top: LexicalHit[] | Promise<LexicalHit[]>, extra: readonly number[], options: AbortOptions = {}): Promise<LexicalMatches> {
  const best = await top
  const byId = new Map(best.map(h => [h.id, h]))
  const missing = [...new Set(extra)].filter(id => !byId.has(id))
  if (missing.length > 0) for (const hit of await lexical.hits(query, missing, options)) byId.set(hit.id, hit)
  return {
    top: (k) => best.slice(0, Math.max(0, k)),
    get: (id) => byId.get(id) ?? { id, score: 0, coverage: 0 }
  }
}
