import type { SearchMode } from '../chunk.js'

/** Every search mode, in the order reports list them: BM25 keywords, embeddings, and their fusion */
export const SEARCH_MODES: readonly SearchMode[] = Object.freeze(['lexical', 'dense', 'hybrid'])

/** The search mode used when none is given */
export const DEFAULT_SEARCH_MODE: SearchMode = 'hybrid'

/** How many passages a search returns (and an answer reads) when no `k` is given */
export const DEFAULT_K = 5

/** True when `value` names a search mode */
export function isSearchMode (value: string): value is SearchMode {
  return (SEARCH_MODES as readonly string[]).includes(value)
}
