import { AIMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages'
import { fakeModel } from '@langchain/core/testing'
import { createAgent } from 'langchain'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { QuarrySession } from '../session/index.js'
import { createQuarryTools } from '../mcp/index.js'
import { createToolContext, type SearchToolOutput } from '../tools/index.js'
import { toLangChainTools } from '../langchain/index.js'
import { HAS_SHARED } from './helpers/shared.js'
import { openTestSession } from './helpers/test-home.js'
import type { AnswerRecord } from '../agent/index.js'

const toolMessages = (messages: BaseMessage[], name?: string): ToolMessage[] =>
  messages.filter((m): m is ToolMessage => ToolMessage.isInstance(m) && (name == null || m.name === name))

/** The newest ToolMessage from a tool, parsed from its JSON content */
function lastResult<T> (messages: BaseMessage[], name: string): T {
  const m = toolMessages(messages, name).at(-1)
  if (m == null) throw new Error(`no ${name} result yet`)
  return JSON.parse(String(m.content)) as T
}

describe.skipIf(!HAS_SHARED)('a LangChain agent using toLangChainTools()', () => {
  let session: QuarrySession
  let close = async (): Promise<void> => {}

  beforeAll(async () => {
    ({ session, close } = await openTestSession('quarry-langchain-'))
  }, 900_000)
  afterAll(async () => close())

  it('converts every tool with its name, description and schema', () => {
    const tools = toLangChainTools(createQuarryTools(createToolContext(session)))
    expect(tools.map(t => t.name)).toEqual(['quarry_search', 'quarry_read', 'quarry_list_corpora', 'quarry_ask', 'quarry_verify', 'quarry_verify_index'])
    for (const t of tools) {
      expect(t.description.length).toBeGreaterThan(80)
      expect(t.responseFormat).toBe('content_and_artifact')
    }
  })

  it('runs a scripted tool-calling agent over search, read, list, ask and verify', async () => {
    const tools = toLangChainTools(createQuarryTools(createToolContext(session)))
    const model = fakeModel()
      .respondWithTools([
        { name: 'quarry_list_corpora', args: {}, id: 'list-1' },
        { name: 'quarry_search', args: { query: 'What is a sector in Filecoin?', k: 3 }, id: 'search-1' }
      ])
      .respond(messages => new AIMessage({
        content: '',
        tool_calls: [
          { name: 'quarry_read', args: { cid: lastResult<SearchToolOutput>(messages, 'quarry_search').results[0]?.chunkCid }, id: 'read-1', type: 'tool_call' },
          { name: 'quarry_read', args: { cid: 'not-a-cid' }, id: 'read-bad', type: 'tool_call' },
          { name: 'quarry_search', args: { query: 42 }, id: 'search-bad', type: 'tool_call' }
        ]
      }))
      .respondWithTools([{ name: 'quarry_ask', args: { question: 'What is a sector in Filecoin?' }, id: 'ask-1' }])
      .respond(messages => new AIMessage({
        content: '',
        tool_calls: [{ name: 'quarry_verify', args: { record: lastResult<AnswerRecord>(messages, 'quarry_ask') }, id: 'verify-1', type: 'tool_call' }]
      }))
      .respond(messages => new AIMessage(`${lastResult<AnswerRecord>(messages, 'quarry_ask').answer} (verified)`))

    const agent = createAgent({ model, tools })
    const state = await agent.invoke({ messages: [{ role: 'user', content: 'What is a sector in Filecoin? Cite CIDs.' }] })
    const messages = state.messages
    expect(model.callCount).toBe(5)

    const list = lastResult<{ defaultCorpus: string }>(messages, 'quarry_list_corpora')
    expect(list.defaultCorpus).toBe('filecoin-docs')

    const search = toolMessages(messages, 'quarry_search').find(m => m.tool_call_id === 'search-1')
    const found = search?.artifact as SearchToolOutput
    expect(found.results).toHaveLength(3)
    expect(JSON.parse(String(search?.content))).toEqual(found)

    const read = toolMessages(messages).find(m => m.tool_call_id === 'read-1')
    expect(read?.status).not.toBe('error')
    expect(read?.artifact).toMatchObject({ kind: 'chunk', text: found.results[0]?.text, docCid: found.results[0]?.docCid })

    const badRead = toolMessages(messages).find(m => m.tool_call_id === 'read-bad')
    expect(badRead?.status).toBe('error')
    expect(String(badRead?.content)).toMatch(/InvalidCidError: "not-a-cid" is not a valid CID/)

    const badSearch = toolMessages(messages).find(m => m.tool_call_id === 'search-bad')
    expect(badSearch?.status).toBe('error')
    expect(String(badSearch?.content)).toMatch(/query/)

    const record = lastResult<AnswerRecord>(messages, 'quarry_ask')
    expect(record.citations.length).toBeGreaterThan(0)
    expect(record.citations.every(c => /^bafkrei/.test(c.chunkCid))).toBe(true)
    expect(lastResult<{ ok: boolean }>(messages, 'quarry_verify').ok).toBe(true)

    const final = messages.at(-1)
    expect(AIMessage.isInstance(final)).toBe(true)
    expect(String(final?.content)).toBe(`${record.answer} (verified)`)
  })
})
