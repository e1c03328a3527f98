import { z } from 'zod'
import { verifyIndexRef } from '../session/index.js'
import { defineTool, type QuarryTool } from './define-tool.js'
import type { IndexVerification } from '../indexes/index.js'
import type { ToolContext } from './tool-context.js'

const schema = z.object({
  index: z.string().trim().min(1, 'index must not be empty: pass an index CID or a corpus name')
    .describe('Index CID, or a corpus name/CID (its newest index)'),
  sample: z.number().int().min(1).optional()
    .describe('Re-embed a seeded random sample of this many chunks instead of all (faster on a large index)'),
  seed: z.number().int().min(0).default(1)
    .describe('Seed of the sample (default 1): the same seed checks the same chunks anywhere')
})

/** The output schema of `quarry_verify_index` (MCP `outputSchema`; the details of a difference are open-ended) */
const outputSchema = z.looseObject({
  indexCid: z.string(),
  corpusCid: z.string(),
  verdict: z.enum(['verified', 'differs', 'unchecked']),
  checks: z.array(z.looseObject({ name: z.string(), status: z.string() })),
  missing: z.array(z.string()).optional(),
  ms: z.number()
})

/** Input of `quarry_verify_index` */
export type VerifyIndexToolInput = z.output<typeof schema>

/**
 * `quarry_verify_index`: re-derive an index from its corpus and manifest and
 * report whether it is what they give (`verdict`: verified, differs, or
 * unchecked when the corpus, blocks or embedder are not available).
 */
export function verifyIndexTool (ctx: ToolContext): QuarryTool<VerifyIndexToolInput, IndexVerification> {
  return defineTool({
    name: 'quarry_verify_index',
    // reading blocks online may fetch and store them
    annotations: { readOnlyHint: false, idempotentHint: true, openWorldHint: true },
    title: 'Verify an index',
    description: 'Check that a search index is exactly what its corpus and manifest give: re-chunk the corpus and compare every chunk (text, CID, path, byte range), ' +
      'recompute the BM25 statistics and the fusion calibration, rebuild the HNSW graph, and re-embed the chunks (all, or a seeded sample) to compare the vectors within a tolerance. ' +
      'Returns verdict "verified", "differs" (with the extra, missing or altered chunks and altered statistics or weights) or "unchecked" (with what was missing). ' +
      'Use it before trusting an index fetched from someone else: an index that silently drops documents or has doctored weights fails it.',
    schema,
    outputSchema,
    async execute (input, options) {
      return verifyIndexRef(ctx.session, input.index, {
        ...(input.sample !== undefined ? { sample: input.sample } : {}),
        seed: input.seed,
        signal: options.signal,
        onProgress: options.onProgress
      })
    }
  })
}
