import { z } from 'zod'
import { DEFAULT_K, DEFAULT_SEARCH_MODE, SEARCH_MODES, toWireResult, type SearchMode, type WireResult } from '../indexes/index.js'
import { defineTool, type QuarryTool } from './define-tool.js'
import type { ToolContext } from './tool-context.js'

const schema = z.object({
  query: z.string().trim().min(1, 'query must not be empty: pass the words or question to search for').max(2000)
    .describe('What to look for: a question or keywords in natural language'),
  corpus: z.string().trim().min(1).optional()
    .describe('Corpus name (see quarry_list_corpora) or corpus/index CID. Default: the server\'s default corpus (filecoin-docs)'),
  k: z.number().int().min(1).max(50).default(DEFAULT_K)
    .describe(`Number of passages to return (1-50, default ${DEFAULT_K})`),
  mode: z.enum(SEARCH_MODES as [SearchMode, ...SearchMode[]]).default(DEFAULT_SEARCH_MODE)
    .describe('hybrid (default) fuses semantic and keyword ranking; dense is semantic only; lexical is BM25 keywords only')
})

/** Input of `quarry_search` */
export type SearchToolInput = z.output<typeof schema>

/** One passage found by `quarry_search` */
export type SearchToolHit = WireResult

/** Output of `quarry_search` */
export interface SearchToolOutput {
  query: string
  mode: SearchMode
  /** Root CID of the corpus searched */
  corpusCid: string
  /** Corpus name, when the index records one */
  corpusName?: string
  /** CID of the index searched */
  indexCid: string
  results: SearchToolHit[]
}

/**
 * `quarry_search`: retrieve the passages of a corpus that best match a query,
 * each with its chunk CID and document CID.
 */
export function searchTool (ctx: ToolContext): QuarryTool<SearchToolInput, SearchToolOutput> {
  return defineTool({
    name: 'quarry_search',
    // the first search of a corpus may import it and build (and pin) its index; online it may fetch blocks
    annotations: { readOnlyHint: false, idempotentHint: true, openWorldHint: true },
    title: 'Search a corpus',
    description: 'Search an open document corpus stored on IPFS and return the best-matching passages. ' +
      'Each result has the passage text, its document path and title, and two content identifiers: chunkCid (the exact passage) and docCid (the whole file). ' +
      'Use it to find evidence before answering; cite passages by chunkCid. Call quarry_read with a chunkCid or docCid for more context, and quarry_list_corpora to see which corpora exist.',
    schema,
    async execute (input, options) {
      const index = await ctx.openIndex(input.corpus, options)
      const results = await index.search(input.query, { k: input.k, mode: input.mode, signal: options.signal })
      // the name this home gives the indexed corpus now (names are not part of an index)
      const corpusName = (await ctx.session.corpora.list()).find(e => e.cid === index.manifest.corpusCid)?.name
      return {
        query: input.query,
        mode: input.mode,
        corpusCid: index.manifest.corpusCid,
        ...(corpusName != null ? { corpusName } : {}),
        indexCid: index.cid?.toString() ?? '',
        results: results.map(r => toWireResult(r))
      }
    }
  })
}
