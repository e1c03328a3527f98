import { describe, it, expect, beforeAll } from 'vitest'
import { PASSAGES_OPEN } from './build-prompt.js'
import { NOT_RETRIEVED, NO_CITATION, QUOTE_NOT_FOUND, checkCitations } from '../citations/check-citations.js'
import { NOT_FOUND_ANSWER } from '../draft.js'
import { llmAnswer } from './llm-answer.js'
import { HAS_FILECOIN_DOCS, createChunkSearch, loadFilecoinChunks } from '../test-fixtures/filecoin-results.js'
import type { ChatMessage, ChatModel, ChatOptions } from '../llm/chat-model.js'
import type { SearchResult } from '../../indexes/index.js'

/** A chat model that replies with a fixed text and records what it was sent (the model itself cannot exist here) */
function scripted (reply: string): ChatModel & { calls: Array<{ messages: ChatMessage[], options: ChatOptions }> } {
  const calls: Array<{ messages: ChatMessage[], options: ChatOptions }> = []
  return {
    id: 'scripted',
    calls,
    async chat (messages, options = {}) {
      calls.push({ messages, options })
      for (const piece of reply.match(/.{1,8}/gs) ?? []) options.onToken?.(piece)
      return reply
    }
  }
}

describe.skipIf(!HAS_FILECOIN_DOCS)('llmAnswer', () => {
  const question = 'What is a sector?'
  let results: SearchResult[] = []

  beforeAll(async () => {
    results = createChunkSearch(await loadFilecoinChunks())(question, 5)
    expect(results).toHaveLength(5)
  })

  /** Number (1-based) of the first result whose text contains `needle` */
  function passageWith (needle: string): number {
    const i = results.findIndex(r => r.chunk.text.includes(needle))
    if (i === -1) throw new Error(`no passage contains ${needle}`)
    return i + 1
  }

  it('maps [n] to passage n and quotes its most similar sentence exactly', async () => {
    const n = passageWith('Sectors are the fundamental units of provable storage')
    const llm = scripted(`Sectors are the basic units of provable storage in which providers store client data [${n}]. They come in standard sizes of 32 GiB or 64 GiB [${n}].`)
    const tokens: string[] = []
    const draft = await llmAnswer(question, results, llm, { onToken: t => tokens.push(t) })
    expect(draft.abstained).toBe(false)
    expect(draft.llm).toBe('scripted')
    expect(draft.rejected).toEqual([])
    expect(draft.sentences).toEqual([
      { text: 'Sectors are the basic units of provable storage in which providers store client data.', citations: [1], support: 'supported' },
      { text: 'They come in standard sizes of 32 GiB or 64 GiB.', citations: [2], support: 'supported' }
    ])
    expect(draft.citations[0]?.quote).toMatch(/^Sectors are the fundamental units of provable storage/)
    expect(draft.citations[1]?.quote).toMatch(/^Sectors come in standard sizes/)
    for (const c of draft.citations) expect(c.chunkCid).toBe(results[n - 1]?.chunk.chunkCid.toString())
    expect(draft.answer).toBe('Sectors are the basic units of provable storage in which providers store client data. [1] They come in standard sizes of 32 GiB or 64 GiB. [2]')
    expect(await checkCitations(draft, results)).toEqual(draft)
    expect(tokens.join('')).toContain('[')
    const [system, user] = llm.calls[0]?.messages ?? []
    expect([system?.role, user?.role]).toEqual(['system', 'user'])
    expect(user?.content).toContain(PASSAGES_OPEN)
    expect(llm.calls[0]?.options.temperature).toBe(0)
  })

  it('rejects a marker for a passage that does not exist instead of remapping it', async () => {
    const n = passageWith('Sectors are the fundamental units of provable storage')
    const draft = await llmAnswer(question, results, scripted(`Sectors are units of provable storage [${n}]. Sectors are always exactly 1 TiB [9]. Sectors hold data [${n}][9].`))
    expect(draft.sentences.map(s => s.text)).toEqual(['Sectors are units of provable storage.'])
    expect(draft.rejected).toEqual([
      { text: 'Sectors are always exactly 1 TiB.', reason: NOT_RETRIEVED },
      { text: 'Sectors hold data.', reason: NOT_RETRIEVED }
    ])
    expect(draft.citations).toHaveLength(1)
  })

  it('rejects misquotes, numbers the passage lacks, unsupported and unmarked sentences', async () => {
    const n = passageWith('Sectors are the fundamental units of provable storage')
    const draft = await llmAnswer(question, results, scripted([
      `The docs say "sectors are tiny 5 MiB blobs stored forever" [${n}].`,
      `Sectors come in standard sizes of 16 GiB or 128 GiB [${n}].`,
      `Bananas grow in tropical climates near the equator [${n}].`,
      'Sectors are stored by providers.',
      `Sectors are the fundamental units of provable storage [${n}].`
    ].join(' ')))
    expect(draft.sentences.map(s => s.text)).toEqual(['Sectors are the fundamental units of provable storage.'])
    expect(draft.rejected).toEqual([
      { text: 'The docs say "sectors are tiny 5 MiB blobs stored forever".', reason: QUOTE_NOT_FOUND },
      { text: 'Sectors come in standard sizes of 16 GiB or 128 GiB.', reason: QUOTE_NOT_FOUND },
      { text: 'Bananas grow in tropical climates near the equator.', reason: QUOTE_NOT_FOUND },
      { text: 'Sectors are stored by providers.', reason: NO_CITATION }
    ])
  })

  it('abstains on NOT_FOUND, an empty reply and uncited garbage', async () => {
    for (const reply of ['NOT_FOUND', '', 'is anything. All the animaginations were shiny']) {
      const draft = await llmAnswer(question, results, scripted(reply))
      expect(draft).toMatchObject({ answer: NOT_FOUND_ANSWER, abstained: true, sentences: [], citations: [], llm: 'scripted' })
      expect(draft.closestSources).toHaveLength(3)
    }
    const garbage = await llmAnswer(question, results, scripted('is anything. All the animaginations were shiny'))
    expect(garbage.rejected.map(r => r.reason)).toEqual([NO_CITATION, NO_CITATION])
  })

  it('passes the abort signal to the model', async () => {
    const controller = new AbortController()
    const llm = scripted('NOT_FOUND')
    await llmAnswer(question, results, llm, { signal: controller.signal, maxTokens: 64 })
    expect(llm.calls[0]?.options).toMatchObject({ signal: controller.signal, maxTokens: 64 })
  })
})
