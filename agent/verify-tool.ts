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
  }).describe('The answer record returned by quarry_ask, unchanged (at least corpusCid and citations)')
})

/** Input of `quarry_verify` */
export type VerifyToolInput = z.output<typeof schema>

/**
 * `quarry_verify`: re-check an answer record against IPFS (see
 * {@link verifyAnswer}: document blocks re-hashed, path in the corpus, chunk
 * hash, quote bytes, and every sentence against its quotes).
 */
export function verifyTool (ctx: ToolContext): QuarryTool<VerifyToolInput, AnswerVerification> {
  return defineTool({
    name: 'quarry_verify',
    // online, the blocks it fetches to re-hash are stored in the home
    annotations: { readOnlyHint: false, idempotentHint: true, openWorldHint: true },
    title: 'Verify an answer',
    description: 'Verify an answer record from quarry_ask against IPFS: for each citation, re-hash every block of the cited document, check that it is in the corpus at the cited path, that the cited bytes hash to the chunkCid, and that the quote is exactly what the document says there; then check every answer sentence against its quotes (negation, numbers, names, support). ' +
      'Returns ok (true only if everything passes), per citation and per sentence the checks and any problems. Pass the record unchanged as {"record": <answer record>}.',
    schema,
    async execute (input, options) {
      return verifyAnswer(await ctx.session.node.start(), input.record, { offline: !ctx.session.node.online, signal: options.signal })
    }
  })
}
