import { z } from 'zod'
import { defineTool, type QuarryTool, type ToolContext } from '../tools/index.js'
import { verifyAnswer, type AnswerVerification } from './verify-answer.js'

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
    citations: z.array(citation)
  }).describe('The answer record returned by quarry_ask, unchanged (at least corpusCid and citations)')
})

/** Input of `quarry_verify` */
export type VerifyToolInput = z.output<typeof schema>

/**
 * `quarry_verify`: re-check an answer record's citations against IPFS (the
 * document is in the corpus at the cited path, the chunk bytes hash to the
 * chunk CID, the quote is exactly the bytes at its range).
 */
export function verifyTool (ctx: ToolContext): QuarryTool<VerifyToolInput, AnswerVerification> {
  return defineTool({
    name: 'quarry_verify',
    title: 'Verify an answer',
    description: 'Verify the citations of an answer record from quarry_ask against IPFS: for each citation, check that the cited document is in the corpus at the cited path, that the cited bytes hash to the chunkCid, and that the quote is exactly what the document says there. ' +
      'Returns ok (true only if every citation passes) and, per citation, the checks and any problems. Pass the record unchanged as {"record": <answer record>}.',
    schema,
    async execute (input, options) {
      return verifyAnswer(ctx.session.node.fs, input.record, { offline: !ctx.session.node.online, signal: options.signal })
    }
  })
}
