import { createServer, type IncomingMessage } from 'node:http'
import { tool } from '@langchain/core/tools'
import { describe, it, expect } from 'vitest'
import { z } from 'zod'
import { createAgentChatModel } from './agent-model.js'
import type { AddressInfo } from 'node:net'

async function body (req: IncomingMessage): Promise<any> {
  const parts: Buffer[] = []
  for await (const p of req) parts.push(p as Buffer)
  return JSON.parse(Buffer.concat(parts).toString('utf8'))
}

describe('createAgentChatModel', () => {
  it('talks tool calling to an OpenAI-compatible server on loopback', async () => {
    const requests: Array<{ url?: string, auth?: string, body: any }> = []
    const server = createServer((req, res) => {
      void body(req).then(b => {
        requests.push({ url: req.url, auth: req.headers.authorization, body: b })
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify({
          id: 'c1',
          object: 'chat.completion',
          created: 0,
          model: b.model,
          choices: [{
            index: 0,
            finish_reason: 'tool_calls',
            message: { role: 'assistant', content: null, tool_calls: [{ id: 'call-1', type: 'function', function: { name: 'quarry_search', arguments: '{"query":"sector"}' } }] }
          }]
        }))
      })
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const model = await createAgentChatModel({ baseURL: `http://127.0.0.1:${port}/v1`, model: 'qwen-test' })
      expect(model.model).toBe('qwen-test')
      const search = tool(async () => '', { name: 'quarry_search', description: 'Search', schema: z.object({ query: z.string() }) })
      const reply = await model.bindTools([search]).invoke('What is a sector?')
      expect(reply.tool_calls).toEqual([{ id: 'call-1', name: 'quarry_search', args: { query: 'sector' }, type: 'tool_call' }])
      expect(requests).toHaveLength(1)
      expect(requests[0]?.url).toBe('/v1/chat/completions')
      expect(requests[0]?.auth).toBe('Bearer not-needed')
      expect(requests[0]?.body.model).toBe('qwen-test')
      expect(requests[0]?.body.temperature).toBe(0)
      expect(requests[0]?.body.tools.map((t: any) => t.function.name)).toEqual(['quarry_search'])
    } finally {
      server.close()
    }
  })
})
