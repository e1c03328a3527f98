import { z } from 'zod'
import { DEFAULT_K } from '../indexes/index.js'
import { defineTool, type QuarryTool, type ToolContext } from '../tools/index.js'
import type { AnswerOptions } from './answer.js'
import { ABSTENTION_REASONS, type AnswerRecord } from './answer-record.js'

const schema = z.object({
  question: z.string().trim().min(1, 'question must not be empty: pass the question to answer').max(2000)
    .describe('The question to answer, in natural language'),
  corpus: z.string().trim().min(1).optional()
    .describe('Corpus name (see quarry_list_corpora) or corpus/index CID. Default: the server\'s default corpus (filecoin-docs)'),
  k: z.number().int().min(1).max(20).default(DEFAULT_K)
    .describe(`Passages to retrieve as evidence (1-20, default ${DEFAULT_K})`),
  minAnswerability: z.number().min(0).max(1).optional()
    .describe('Abstain unless the answerability score (0-1) reaches this. Default: the answer model\'s own threshold. Raise it (e.g. 0.5) to refuse more questions the corpus may not answer, at the cost of refusing some it does'),
  history: z.array(z.object({
    question: z.string().trim().min(1).max(2000),
    answer: z.string().max(20000).optional()
  })).max(20).optional()
    .describe('Earlier turns of the conversation, oldest first: a follow-up question ("how does it get paid?") is rewritten into a standalone question from them before retrieval')
})

/** The output schema of `quarry_ask`: the answer record's main fields (MCP `outputSchema`; the record may carry more) */
const outputSchema = z.looseObject({
  version: z.number().int(),
  question: z.string(),
  answer: z.string(),
  abstained: z.boolean(),
  abstainedBecause: z.enum(ABSTENTION_REASONS).optional(),
  citations: z.array(z.looseObject({
    n: z.number().int(),
    chunkCid: z.string(),
    docCid: z.string(),
    path: z.string(),
    title: z.string(),
    quote: z.string(),
    byteStart: z.number().int(),
    byteEnd: z.number().int()
  })),
  contexts: z.array(z.looseObject({ chunkCid: z.string(), docCid: z.string(), path: z.string(), text: z.string(), score: z.number() })),
  mode: z.enum(['extractive', 'llm', 'agent']),
  corpusCid: z.string(),
  indexCid: z.string(),
  embedder: z.string(),
  llm: z.string()
})

/** Input of `quarry_ask` */
export type AskToolInput = z.output<typeof schema>

/** Answer settings fixed by whoever builds the tool (not chosen by the model) */
export type AskToolDefaults = Partial<Omit<AnswerOptions, 'question' | 'index' | 'k' | 'signal'>>

/**
 * `quarry_ask`: answer a question from a corpus, returning the full
 * {@link AnswerRecord} (answer text with `[n]` markers, citations with chunk
 * and document CIDs, retrieved contexts). Extractive unless `defaults` sets
 * another mode and its model.
 */
export function askTool (ctx: ToolContext, defaults: AskToolDefaults = {}): QuarryTool<AskToolInput, AnswerRecord> {
  return defineTool({
    name: 'quarry_ask',
    // may build an index on first use, call a remote LLM, and fetch blocks when online
    annotations: { readOnlyHint: false, idempotentHint: false, openWorldHint: true },
    title: 'Answer with citations',
    description: 'Answer a question from an open document corpus on IPFS and get an answer record whose every claim is cited. ' +
      'The record has: answer (text with [n] markers), citations (n, quote, path, title, chunkCid, docCid, byte ranges), the retrieved contexts, and abstained=true with "Not found in this corpus." when the corpus has no support (abstainedBecause says why: off-vocabulary, low-answerability, figure-not-given, …). ' +
      'Quote or cite only what the record contains. Pass the record to quarry_verify to re-check every citation against the CIDs.',
    schema,
    outputSchema,
    async execute (input, options) {
      const index = await ctx.openIndex(input.corpus, options)
      // answering code (and any LLM runtime it pulls in) loads on first use, not at server start
      const { answer } = await import('./answer.js')
      return answer({ ...defaults, question: input.question, index, k: input.k, signal: options.signal, ...(input.history !== undefined ? { history: input.history } : {}), ...(input.minAnswerability !== undefined ? { minAnswerability: input.minAnswerability } : {}) })
    }
  })
}
