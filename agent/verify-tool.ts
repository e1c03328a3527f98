import { z } from 'zod'
import { defineTool, type QuarryTool, type ToolContext } from '../tools/index.js'
import { verifyAnswer, type AnswerVerification } from './citations/verify-answer.js'

const byte = z.number().int().min(0)

const citation = z.looseObject({
  n: z.number().int().min(1),
  chunkCid: z.string().min(1),
  docCid: z.string().min(1),
  path: z.string().min(1),
  title: z.string().default(''),
  quote: z.string(),
  byteStart: byte,
  byteEnd: byte,
  chunkByteStart: byte,
  chunkByteEnd: byte
})

const schema = z.object({
  record: z.looseObject({
    corpusCid: z.string().min(1, 'record.corpusCid must be the corpus root CID from the answer record'),
    citations: z.array(citation),
    answer: z.string().optional(),
    sentences: z.array(z.looseObject({ text: z.string(), citations: z.array(z.number().int()) })).optional(),
    mode: z.enum(['extractive', 'llm', 'agent']).optional(),
    abstained: z.boolean().optional()
  }).describe('The answer record returned by quarry_ask, unchanged (at least corpusCid and citations)'),
  strict: z.boolean().optional().describe('Fail every sentence that is not verbatim in its quote (paraphrases pass only heuristic checks). Default false')
})

/** The output schema of `quarry_verify` (MCP `outputSchema`; per-citation and per-sentence checks are open-ended) */
const outputSchema = z.looseObject({
  ok: z.boolean(),
  status: z.enum(['verified', 'false', 'unchecked']),
  strict: z.boolean(),
  missing: z.array(z.string()),
  corpusCid: z.string(),
  citations: z.array(z.looseObject({})),
  sentences: z.array(z.looseObject({})),
  problems: z.array(z.string())
})

/** Input of `quarry_verify` */
export type VerifyToolInput = z.output<typeof schema>

/**
 * `quarry_verify`: re-check an answer record against IPFS (see
 * {@link verifyAnswer}: document blocks re-hashed, path in the corpus, chunk
 * hash, quote bytes, and every sentence judged verbatim or paraphrase against
 * its quotes, whatever the record claims; `status` is `verified`, `false` or
 * `unchecked` when blocks could not be read).
 */
export function verifyTool (ctx: ToolContext): QuarryTool<VerifyToolInput, AnswerVerification> {
  return defineTool({
    name: 'quarry_verify',
    // online, the blocks it fetches to re-hash are stored in the home
    annotations: { readOnlyHint: false, idempotentHint: true, openWorldHint: true },
    title: 'Verify an answer',
    description: 'Verify an answer record from quarry_ask against IPFS: for each citation, re-hash every block of the cited document, check that it is in the corpus at the cited path, that the cited bytes hash to the chunkCid, and that the quote is exactly what the document says there; then judge every answer sentence: verbatim (the words of its quote after normalising line wraps and markup) or a paraphrase with heuristic checks (negation, antonyms, numbers, dates, entities, coverage). ' +
      'Returns status (verified, false, or unchecked when blocks could not be read: see missing), ok (true only if verified), per citation and per sentence the checks and any problems. Pass the record unchanged as {"record": <answer record>}; strict: true fails any paraphrase.',
    schema,
    outputSchema,
    async execute (input, options) {
      return verifyAnswer(await ctx.session.node.start(), input.record, { offline: !ctx.session.node.online, strict: input.strict ?? false, signal: options.signal })
    }
  })
}
