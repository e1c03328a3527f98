import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { QuarrySession } from '../session/index.js'
import { openTestSession } from '../test/helpers/test-home.js'
import { createToolContext, type ToolContext } from '../tools/index.js'
import { askTool } from './ask-tool.js'
import { verifyTool } from './verify-tool.js'

describe('quarry_ask on the Filecoin docs', () => {
  let session: QuarrySession
  let ctx: ToolContext
  let close = async (): Promise<void> => {}

  beforeAll(async () => {
    ({ session, close } = await openTestSession('quarry-ask-tool-'))
    ctx = createToolContext(session)
    await ctx.openIndex()
  }, 900_000)
  afterAll(async () => close())

  it('returns an answer record whose citations verify', async () => {
    const ask = askTool(ctx)
    const record = await ask.execute(ask.schema.parse({ question: 'What is a storage provider?' }), {})
    expect(record).toMatchObject({ version: 1, question: 'What is a storage provider?', mode: 'extractive', abstained: false })
    expect(record.corpusCid).toBe('bafybeibveuydnh7kc4r4nv3y6jse3di3og6tq3mxcb544cy6bbnfwmy4uu')
    // the 5 passages retrieved, then up to 2 that continue the first two in their documents
    expect(record.contexts.length).toBeGreaterThanOrEqual(5)
    expect(record.contexts.length).toBeLessThanOrEqual(7)
    expect(record.citations.length).toBeGreaterThan(0)
    for (const c of record.citations) expect(record.answer).toContain(`[${c.n}]`)
    const verify = verifyTool(ctx)
    const checked = await verify.execute(verify.schema.parse({ record }), {})
    expect(checked.ok).toBe(true)
    expect(checked.citations).toHaveLength(record.citations.length)
  })

  it('abstains on a question the corpus cannot answer', async () => {
    const ask = askTool(ctx)
    const record = await ask.execute(ask.schema.parse({ question: 'What is the recipe for a chocolate soufflé?', k: 3 }), {})
    expect(record.abstained).toBe(true)
    expect(record.citations).toHaveLength(0)
    expect(record.contexts.length).toBeGreaterThanOrEqual(3)
    expect(record.contexts.length).toBeLessThanOrEqual(5)
  })

  it('lets the caller demand a surer answer (minAnswerability), and rejects a threshold outside 0-1', async () => {
    const ask = askTool(ctx)
    const strict = await ask.execute(ask.schema.parse({ question: 'What is a storage provider?', minAnswerability: 1 }), {})
    expect(strict.abstained).toBe(true)
    expect(strict.minAnswerability).toBe(1)
    expect(strict.answerability).toBeGreaterThan(0)
    const lenient = await ask.execute(ask.schema.parse({ question: 'What is a storage provider?', minAnswerability: 0 }), {})
    expect(lenient.abstained).toBe(false)
    expect(ask.schema.safeParse({ question: 'What is a sector?', minAnswerability: 2 }).success).toBe(false)
  })

  it('rejects an empty question with an actionable message', () => {
    const parsed = askTool(ctx).schema.safeParse({ question: ' ' })
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues[0]?.message).toMatch(/question must not be empty/)
  })
})
