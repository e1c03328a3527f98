import { askTool, verifyTool, type AskToolDefaults } from '../agent/index.js'
import { listCorporaTool, readCid, readTool, searchTool, verifyIndexTool, type QuarryTool, type ToolContext } from '../tools/index.js'
import type { CidResources } from './create-mcp-server.js'

/** Instructions sent to MCP clients with the server info */
export const QUARRY_INSTRUCTIONS = 'Quarry answers questions from open document corpora stored on IPFS. ' +
  'Every passage is identified by a CID (chunkCid) that anyone can re-hash, and every document by its file CID (docCid). ' +
  'Find evidence with quarry_search, read more with quarry_read (or the ipfs://<cid> resource), answer with quarry_ask, and check an answer with quarry_verify (and an index fetched from others with quarry_verify_index). ' +
  'Cite passages by chunkCid; say so when the corpus does not contain the answer.'

/** Options for {@link createQuarryTools} */
export interface QuarryToolsOptions {
  /** Answer settings for `quarry_ask` (mode, LLM) */
  ask?: AskToolDefaults
}

/** The Quarry tool set: search, read, list corpora, ask, verify, verify an index */
export function createQuarryTools (ctx: ToolContext, options: QuarryToolsOptions = {}): Array<QuarryTool<any, any>> {
  return [searchTool(ctx), readTool(ctx), listCorporaTool(ctx), askTool(ctx, options.ask), verifyTool(ctx), verifyIndexTool(ctx)]
}

/** `ipfs://<cid>` resources backed by {@link readCid}; corpus roots are listed */
export function quarryResources (ctx: ToolContext): CidResources {
  return {
    async read (cid, options) {
      const r = await readCid(ctx, cid, options)
      const { text, mediaType, totalChars, offset, truncated, ...meta } = r
      return { text, mimeType: mediaType, meta }
    },
    async list (options) {
      options.signal?.throwIfAborted()
      return (await ctx.session.corpora.list()).map(e => ({
        cid: e.cid,
        name: e.name,
        title: `Corpus ${e.name}`,
        description: `Corpus "${e.name}": ${e.documents ?? e.files} documents (folder listing)`
      }))
    }
  }
}
