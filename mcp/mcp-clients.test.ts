import { loadMcpTools } from '@langchain/mcp-adapters'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineTool } from '../tools/index.js'
import { createMcpServer } from './create-mcp-server.js'

/** What third-party clients see: the MCP SDK client and @langchain/mcp-adapters over an in-memory transport */
describe('createMcpServer with third-party clients', () => {
  const passages = defineTool({
    name: 'find_passages',
    description: 'Return some passages',
    schema: z.object({ n: z.number().int().default(3) }),
    async execute ({ n }) {
      return { results: Array.from({ length: n }, (_, i) => ({ rank: i + 1, text: `passage ${i + 1} `.repeat(40) })) }
    }
  })
  const linked = defineTool({
    name: 'find_linked',
    description: 'Return passages as links',
    schema: z.object({}),
    async execute () { return { hits: [{ cid: 'bafkqaac', path: 'a.md' }] } },
    links: (out) => out.hits.map(h => ({ cid: h.cid, name: h.path }))
  })
  let client: Client

  beforeAll(async () => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair()
    await createMcpServer({
      tools: [passages, linked],
      resources: {
        async read (cid) {
          if (cid === 'bafkqaac') return { text: 'the linked passage', mimeType: 'text/plain' }
          const err = new Error(`CID ${cid} is not in the local store`)
          err.name = 'CidNotFoundError'
          throw err
        },
        async list () { return [{ cid: 'bafkqaaa', name: 'notes' }, { cid: 'bafkqaab', name: 'papers', title: 'Corpus papers' }] }
      }
    }).connect(serverSide)
    client = new Client({ name: 'test', version: '1.0.0' })
    await client.connect(clientSide)
  })
  afterAll(async () => client?.close())

  it('does not advertise list changes it never sends', () => {
    const caps = client.getServerCapabilities()
    expect(caps?.tools?.listChanged).toBe(false)
    expect(caps?.resources?.listChanged).toBe(false)
  })

  it('gives each listed resource its own title', async () => {
    const { resources } = await client.listResources()
    expect(resources.map(r => r.title)).toEqual(['notes', 'Corpus papers'])
  })

  it('prefixes a resource error once', async () => {
    const err = await client.readResource({ uri: 'ipfs://bafkqaaa' }).catch((e: Error) => e)
    expect((err as Error).message).toMatch(/^MCP error -32002: CidNotFoundError: CID bafkqaaa/)
    expect((err as Error).message.match(/MCP error/g)).toHaveLength(1)
  })

  it('@langchain/mcp-adapters turns resource links into file blocks, or artifacts with outputHandling', async () => {
    const call = { type: 'tool_call', id: 'call-2', name: 'find_linked', args: {} }
    // by default a resource_link becomes a `file` block with an ipfs:// URL, which ChatOpenAI refuses ("must be formatted as a data URL")
    const byDefault = (await loadMcpTools('quarry', client)).find(t => t.name === 'find_linked')
    const plain = await byDefault?.invoke(call) as { content: Array<{ type: string, url?: string }> }
    expect(plain.content.map(b => b.type)).toEqual(['text', 'text', 'file'])
    expect(plain.content[2]?.url).toBe('ipfs://bafkqaac')
    // with resource_link → artifact the model gets the text blocks only; the adapter reads each linked resource into the artifact
    const asArtifact = (await loadMcpTools('quarry', client, { outputHandling: { resource_link: 'artifact' } })).find(t => t.name === 'find_linked')
    const split = await asArtifact?.invoke(call) as { content: Array<{ type: string }>, artifact: unknown }
    expect(split.content.map(b => b.type)).toEqual(['text', 'text'])
    expect(JSON.stringify(split.artifact)).toContain('the linked passage')
  })

  it('hands a LangChain model the JSON result once through @langchain/mcp-adapters', async () => {
    const json = JSON.stringify(await passages.execute({ n: 3 }, {}))
    const tool = (await loadMcpTools('quarry', client)).find(t => t.name === 'find_passages')
    const message = await tool?.invoke({ type: 'tool_call', id: 'call-1', name: 'find_passages', args: { n: 3 } }) as { content: unknown, artifact: unknown }
    const blocks = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content as Array<{ type: string, text?: string }>
    const content = blocks.map(b => b.text ?? JSON.stringify(b)).join('\n')
    expect(content.split(json)).toHaveLength(2)
    expect(content.length).toBeLessThan(json.length * 1.3)
    expect(JSON.stringify(message.artifact)).toContain('mcp_structured_content')
  })
})
