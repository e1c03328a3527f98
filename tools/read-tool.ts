import { z } from 'zod'
import { defineTool, type QuarryTool } from './define-tool.js'
import { readCid, type ReadCidResult } from './read-cid.js'
import type { ToolContext } from './tool-context.js'

const schema = z.object({
  cid: z.string().trim().min(1, 'cid must not be empty: pass a chunkCid or docCid from quarry_search')
    .describe('The CID to read: a chunkCid or docCid from quarry_search (bare, ipfs://<cid> or /ipfs/<cid>)'),
  corpus: z.string().trim().min(1).optional()
    .describe('Corpus whose index holds the chunk, if not the default corpus'),
  offset: z.number().int().min(0).default(0)
    .describe('Character offset to start reading at (use nextOffset from a previous truncated read)'),
  maxChars: z.number().int().min(100).max(100_000).default(20_000)
    .describe('Most characters to return (100-100000, default 20000)')
})

/** The output schema of `quarry_read` (MCP `outputSchema`) */
const outputSchema = z.looseObject({
  cid: z.string(),
  kind: z.enum(['chunk', 'document', 'file', 'directory']),
  text: z.string(),
  mediaType: z.string(),
  title: z.string().optional(),
  path: z.string().optional(),
  docCid: z.string().optional(),
  corpusCid: z.string().optional(),
  headings: z.array(z.string()).optional(),
  page: z.number().int().optional(),
  byteStart: z.number().int().optional(),
  byteEnd: z.number().int().optional(),
  totalChars: z.number().int(),
  offset: z.number().int(),
  truncated: z.boolean(),
  nextOffset: z.number().int().optional()
})

/** Input of `quarry_read` */
export type ReadToolInput = z.output<typeof schema>

/** Output of `quarry_read` */
export type ReadToolOutput = ReadCidResult

/**
 * `quarry_read`: the text behind a CID (a passage or a whole document) with
 * its metadata, read from the local store only.
 */
export function readTool (ctx: ToolContext): QuarryTool<ReadToolInput, ReadToolOutput> {
  return defineTool({
    name: 'quarry_read',
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    title: 'Read a CID',
    description: 'Read the text behind a content identifier (CID) from the local IPFS store. ' +
      'A chunkCid returns that exact passage with its document path, title, headings and docCid; a docCid returns the whole document (title, path, text); a folder CID returns its file list. ' +
      'Long texts come back in pages: when truncated is true, call again with offset = nextOffset. ' +
      'Only CIDs that quarry_search or quarry_ask returned (or files of a local corpus) can be read; anything else is reported as not in the local store.',
    schema,
    outputSchema,
    async execute (input, options) {
      return readCid(ctx, input.cid, { corpus: input.corpus, offset: input.offset, maxChars: input.maxChars, signal: options.signal })
    }
  })
}
