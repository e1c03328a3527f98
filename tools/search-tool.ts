import { z } from 'zod'
import { DEFAULT_K, DEFAULT_SEARCH_MODE, SEARCH_MODES, toWireResult, type SearchMode, type WireResult } from '../indexes/index.js'
import { defineTool, type QuarryTool } from './define-tool.js'
import type { ToolContext } from './tool-context.js'

/** How much of each passage `quarry_search` returns */
export type SearchDetail = 'full' | 'brief'
const SEARCH_DETAILS = ['full', 'brief'] as const satisfies readonly SearchDetail[]
/** Characters in a `brief` snippet */
const SNIPPET_CHARS = 200
/** Default `limit`: ~5k tokens, well under the output limits of MCP clients (Claude Code refuses 25k tokens) */
const DEFAULT_LIMIT = 20_000
const MIN_LIMIT = 200

const schema = z.object({
  query: z.string().trim().min(1, 'query must not be empty: pass the words or question to search for').max(2000)
    .describe('What to look for: a question or keywords in natural language'),
  corpus: z.string().trim().min(1).optional()
    .describe('Corpus name (see quarry_list_corpora) or corpus/index CID. Default: the server\'s default corpus (filecoin-docs)'),
  k: z.number().int().min(1).max(50).default(DEFAULT_K)
    .describe(`Number of passages to return (1-50, default ${DEFAULT_K})`),
  mode: z.enum(SEARCH_MODES as [SearchMode, ...SearchMode[]]).default(DEFAULT_SEARCH_MODE)
    .describe('hybrid (default) fuses semantic and keyword ranking; dense is semantic only; lexical is BM25 keywords only'),
  detail: z.enum(SEARCH_DETAILS).default('full')
    .describe(`full (default): each passage's text; brief: CIDs, path, title, headings and a snippet (about ${SNIPPET_CHARS} characters) per passage, each linked as ipfs://<chunkCid>: read the ones you need with quarry_read`),
  limit: z.number().int().min(MIN_LIMIT).max(200_000).default(DEFAULT_LIMIT)
    .describe(`Most characters of passage text (texts or snippets) in the whole result (${MIN_LIMIT}-200000, default ${DEFAULT_LIMIT}): a passage past it is cut short (truncated: true) and the rest are left out (omitted counts them)`)
})

/** Input of `quarry_search` */
export type SearchToolInput = z.output<typeof schema>

/**
 * One passage found by `quarry_search`: its CIDs, place and score, and with
 * `detail: 'full'` its text, with `'brief'` a snippet instead
 */
export type SearchToolHit = Omit<WireResult, 'text'> & {
  /** The passage text (`detail: 'full'`), cut short when `truncated` */
  text?: string
  /** The start of the passage, whitespace collapsed (`detail: 'brief'`) */
  snippet?: string
  /** True when `text` or `snippet` was cut to fit `limit` */
  truncated?: boolean
}

/** Output of `quarry_search` */
export interface SearchToolOutput {
  query: string
  mode: SearchMode
  detail: SearchDetail
  /** Root CID of the corpus searched */
  corpusCid: string
  /** Corpus name, when the index records one */
  corpusName?: string
  /** CID of the index searched */
  indexCid: string
  results: SearchToolHit[]
  /** True when `limit` cut a passage short or left passages out */
  truncated?: boolean
  /** Passages found but left out to fit `limit` */
  omitted?: number
}

const hitSchema = z.looseObject({
  rank: z.number().int(),
  score: z.number(),
  chunkCid: z.string(),
  docCid: z.string(),
  path: z.string(),
  title: z.string(),
  headings: z.array(z.string()).optional(),
  page: z.number().int().optional(),
  byteStart: z.number().int(),
  byteEnd: z.number().int(),
  text: z.string().optional(),
  snippet: z.string().optional(),
  truncated: z.boolean().optional()
})

/** The output schema of `quarry_search` (MCP `outputSchema`) */
const outputSchema = z.looseObject({
  query: z.string(),
  mode: z.enum(SEARCH_MODES as [SearchMode, ...SearchMode[]]),
  detail: z.enum(SEARCH_DETAILS),
  corpusCid: z.string(),
  corpusName: z.string().optional(),
  indexCid: z.string(),
  results: z.array(hitSchema),
  truncated: z.boolean().optional(),
  omitted: z.number().int().optional()
})

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
    outputSchema,
    async execute (input, options) {
      const index = await ctx.openIndex(input.corpus, options)
      const results = await index.search(input.query, { k: input.k, mode: input.mode, signal: options.signal })
      // the name this home gives the indexed corpus now (names are not part of an index)
      const corpusName = (await ctx.session.corpora.list()).find(e => e.cid === index.manifest.corpusCid)?.name
      const fitted = fitToLimit(results.map(r => toWireResult(r)), input.detail, input.limit)
      return {
        query: input.query,
        mode: input.mode,
        detail: input.detail,
        corpusCid: index.manifest.corpusCid,
        ...(corpusName != null ? { corpusName } : {}),
        indexCid: index.cid?.toString() ?? '',
        results: fitted.results,
        ...(fitted.truncated ? { truncated: true } : {}),
        ...(fitted.omitted > 0 ? { omitted: fitted.omitted } : {})
      }
    },
    links (output) {
      // brief results are links instead of text; full results carry their text already
      if (output.detail !== 'brief') return []
      return output.results.map(r => ({
        cid: r.chunkCid,
        name: r.path,
        title: [r.title, ...(r.headings ?? [])].filter(t => t !== '').join(' › '),
        description: `passage ${r.rank} for "${output.query}"`
      }))
    }
  })
}

/** Passages as `detail` asks, in rank order, until their texts or snippets reach `limit` characters */
export function fitToLimit (hits: WireResult[], detail: SearchDetail, limit: number): { results: SearchToolHit[], truncated: boolean, omitted: number } {
  const results: SearchToolHit[] = []
  let left = limit
  for (const { text, ...hit } of hits) {
    const body = detail === 'full' ? text : snippetOf(text)
    if (left <= 0) break
    const cut = body.length > left
    const shown = cut ? body.slice(0, left) : body
    left -= shown.length
    results.push({ ...hit, ...(detail === 'full' ? { text: shown } : { snippet: shown }), ...(cut ? { truncated: true } : {}) })
  }
  const omitted = hits.length - results.length
  return { results, truncated: omitted > 0 || results.some(r => r.truncated === true), omitted }
}

/** The start of a passage, whitespace collapsed, cut at a word near {@link SNIPPET_CHARS} characters */
function snippetOf (text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  if (flat.length <= SNIPPET_CHARS) return flat
  const head = flat.slice(0, SNIPPET_CHARS)
  const space = head.lastIndexOf(' ')
  return `${space > SNIPPET_CHARS / 2 ? head.slice(0, space) : head}…`
}
