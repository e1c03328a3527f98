import { mkdir, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './helpers/cli.js'
import { copyPrebuiltHome, NO_LLM } from './helpers/test-home.js'
import type { AnswerRecord } from '../agent/index.js'
import type { AddressInfo } from 'node:net'

interface ChatRequest { messages: Array<{ role: string, content: string, tool_calls?: unknown[] }>, tools?: Array<{ function: { name: string } }> }

/**
 * A stand-in for a tool-calling model on an OpenAI-compatible server on
 * loopback (no model can run here). It follows a fixed script with real
 * tool calls: search (without naming a corpus), read the first passage the
 * search returned, then answer with a sentence of that passage, cited.
 */
async function scriptedAgentServer (): Promise<{ url: string, requests: ChatRequest[], close: () => Promise<void> }> {
  const requests: ChatRequest[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', d => { body += String(d) })
    req.on('end', () => {
      const json = JSON.parse(body) as ChatRequest
      requests.push(json)
      const toolResults = json.messages.filter(m => m.role === 'tool').map(m => m.content)
      let message: Record<string, unknown>
      if (toolResults.length === 0) {
        message = { role: 'assistant', content: '', tool_calls: [call('c1', 'quarry_search', { query: 'where are the archives kept' })] }
      } else if (toolResults.length === 1) {
        const cid = /chunkCid=(\w+)/.exec(toolResults[0] ?? '')?.[1] ?? /already shown above/.exec(toolResults[0] ?? '')?.[0] ?? ''
        const first = /\[\d+\] chunkCid=(\w+)/.exec(toolResults[0] ?? '')?.[1] ?? cid
        message = { role: 'assistant', content: '', tool_calls: [call('c2', 'quarry_read', { cid: first })] }
      } else {
        const all = json.messages.map(m => m.content).join('\n')
        const hit = /\[(\d+)\] chunkCid=\w+ \(vault\.md[^\n]*\n([\s\S]*?)\n<\/passage>/.exec(all)
        const sentence = (hit?.[2] ?? '').split(/(?<=\.)\s+/).find(s => s.includes('Tycho Deep')) ?? 'none'
        message = { role: 'assistant', content: `${sentence.replace(/\.$/, '')} [${hit?.[1] ?? '0'}].` }
      }
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({
        id: `chatcmpl-${requests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: 'scripted',
        choices: [{ index: 0, message, finish_reason: message.tool_calls != null ? 'tool_calls' : 'stop' }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }
      }))
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/v1`, requests, close: async () => new Promise(resolve => server.close(() => resolve())) }
}

function call (id: string, name: string, args: unknown): unknown {
  return { id, type: 'function', function: { name, arguments: JSON.stringify(args) } }
}

describe('agent mode searches the corpus the user chose', () => {
  let home: { dir: string, cleanup: () => Promise<void> }
  let corpusCid: string

  beforeAll(async () => {
    home = await copyPrebuiltHome('quarry-agent-corpus-')
    const folder = join(home.dir, 'lunar-archive')
    await mkdir(folder)
    await writeFile(join(folder, 'vault.md'), '# The vault\n\nThe colony keeps its archives in a lunar vault called Tycho Deep, far below the regolith. ' +
      'Each archive there is sealed for nine hundred days before anyone reviews it again.\n')
    await writeFile(join(folder, 'rovers.md'), '# Rovers\n\nThe rovers carry the archive crates from the landing pad to the vault twice a week along the crater rim.\n')
    const added = await runCli(['corpus', 'add', folder, '--name', 'lunar-archive', '--json'], { home: home.dir, env: NO_LLM })
    expect(added.code, added.stderr).toBe(0)
    corpusCid = (JSON.parse(added.stdout) as { cid: string }).cid
  }, 600_000)
  afterAll(async () => { await home?.cleanup() })

  it('quarry ask --corpus: search → read → answer, citing the chosen corpus', async () => {
    const llm = await scriptedAgentServer()
    try {
      const res = await runCli(['ask', 'Where does the colony keep its archives?', '--corpus', 'lunar-archive', '--json', '--mode', 'agent', '--llm-url', llm.url, '--llm-model', 'scripted'], { home: home.dir, env: NO_LLM, timeoutMs: 600_000 })
      expect(res.code, res.stderr).toBe(0)
      const record = JSON.parse(res.stdout) as AnswerRecord
      expect(record.mode).toBe('agent')
      expect(record.corpusCid).toBe(corpusCid)
      expect(record.abstained).toBe(false)
      expect(record.citations).toHaveLength(1)
      expect(record.citations[0]?.path).toBe('vault.md')
      expect(record.answer).toContain('Tycho Deep')
      // the model really called both tools, and the search it made without naming a corpus went to the chosen one
      const toolMessages = llm.requests.at(-1)?.messages.filter(m => m.role === 'tool').map(m => m.content) ?? []
      expect(toolMessages).toHaveLength(2)
      expect(toolMessages[0]).toContain('in corpus lunar-archive')
      expect(toolMessages[1]).toMatch(/^quarry_read of \w+ \(chunk, vault\.md\)/)
      expect(record.contexts.every(c => c.path === 'vault.md' || c.path === 'rovers.md')).toBe(true)
    } finally {
      await llm.close()
    }
  }, 600_000)
})
