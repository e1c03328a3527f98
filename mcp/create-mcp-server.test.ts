import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js'
import { z } from 'zod'
import { openQuarrySession, type QuarrySession } from '../session/index.js'
import { tempDir } from '../test/helpers/shared.js'
import { createToolContext, defineTool, listCorporaTool, readTool } from '../tools/index.js'
import { createMcpServer, describeError, type CreateMcpServerOptions } from './create-mcp-server.js'
import { quarryResources } from './quarry-tools.js'

/** Connect an SDK client to a fresh server over an in-memory transport pair */
async function connect (options: CreateMcpServerOptions): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair()
  await createMcpServer(options).connect(serverSide)
  const client = new Client({ name: 'test', version: '1.0.0' })
  await client.connect(clientSide)
  return client
}

const text = (r: unknown): string => ((r as { content: Array<{ text: string }> }).content[0]?.text ?? '')

describe('createMcpServer (protocol, with plumbing tools)', () => {
  const add = defineTool({
    name: 'add_numbers',
    title: 'Add',
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    description: 'Add two numbers',
    schema: z.object({ a: z.number(), b: z.number().default(1) }),
    async execute ({ a, b }) { return { sum: a + b } }
  })
  const fail = defineTool({
    name: 'always_fails',
    description: 'Fails',
    schema: z.object({}),
    async execute (): Promise<never> {
      const err = new Error('CID bafkqaaa is not in the local store')
      err.name = 'CidNotFoundError'
      throw err
    }
  })
  const slow = defineTool({
    name: 'slow_build',
    description: 'Reports build progress',
    schema: z.object({}),
    async execute (_input, options) {
      for (let i = 1; i <= 3; i++) {
        options.onProgress?.({ type: 'indexes:embed:batch', done: i, total: 3 })
        await new Promise(resolve => setTimeout(resolve, 30))
      }
      return { built: true }
    }
  })
  const linked = defineTool({
    name: 'find_linked',
    description: 'Return passages by CID, as links',
    schema: z.object({ n: z.number().int().default(2), lie: z.boolean().default(false) }),
    outputSchema: z.looseObject({ hits: z.array(z.object({ cid: z.string(), path: z.string() })) }),
    async execute ({ n, lie }) {
      const hits = Array.from({ length: n }, (_, i) => ({ cid: `bafkqaa${'abcdef'[i] ?? 'a'}`, path: `doc-${i}.md` }))
      return lie ? { hits: hits.map(h => ({ ...h, cid: 42 })) } : { hits }
    },
    links: (out) => out.hits.map(h => ({ cid: String(h.cid), name: h.path, title: `Title of ${h.path}`, description: 'a passage' }))
  })
  let client: Client

  beforeAll(async () => {
    client = await connect({ tools: [add, fail, slow, linked], instructions: 'Use add_numbers to add.' })
  })
  afterAll(async () => client?.close())

  it('lists the tools with JSON schemas, titles and read-only annotations', async () => {
    const { tools } = await client.listTools()
    expect(tools.map(t => t.name)).toEqual(['add_numbers', 'always_fails', 'slow_build', 'find_linked'])
    const t = tools[0]
    expect(t?.title).toBe('Add')
    expect(t?.inputSchema).toMatchObject({ type: 'object', properties: { a: { type: 'number' }, b: { type: 'number', default: 1 } }, required: ['a'] })
    expect(t?.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true, openWorldHint: false })
    // a tool that says nothing about its effects is not advertised as read-only
    expect(tools[2]?.annotations).toMatchObject({ readOnlyHint: false, openWorldHint: true })
    expect(client.getInstructions()).toBe('Use add_numbers to add.')
  })

  it('declares a tool\'s outputSchema, links the CIDs it points at, and refuses output that breaks its schema', async () => {
    const { tools } = await client.listTools()
    expect(tools.find(t => t.name === 'find_linked')?.outputSchema).toMatchObject({ type: 'object', properties: { hits: { type: 'array' } }, required: ['hits'] })
    expect(tools.find(t => t.name === 'add_numbers')?.outputSchema).toBeUndefined()
    const r = await client.callTool({ name: 'find_linked', arguments: { n: 2 } })
    expect(r.structuredContent).toEqual({ hits: [{ cid: 'bafkqaaa', path: 'doc-0.md' }, { cid: 'bafkqaab', path: 'doc-1.md' }] })
    expect(r.content).toEqual([
      { type: 'text', text: JSON.stringify(r.structuredContent) },
      { type: 'text', text: `find_linked: ${JSON.stringify(r.structuredContent).length} characters of JSON above (also in structuredContent); 2 ipfs:// links below` },
      { type: 'resource_link', uri: 'ipfs://bafkqaaa', name: 'doc-0.md', title: 'Title of doc-0.md', description: 'a passage' },
      { type: 'resource_link', uri: 'ipfs://bafkqaab', name: 'doc-1.md', title: 'Title of doc-1.md', description: 'a passage' }
    ])
    // the server checks its own output against the schema it declared: a tool error, not a result that lies
    const lie = await client.callTool({ name: 'find_linked', arguments: { lie: true } })
    expect(lie.isError).toBe(true)
    expect(text(lie)).toMatch(/Output validation error.*find_linked/)
  })

  it('returns JSON text and structuredContent', async () => {
    const r = await client.callTool({ name: 'add_numbers', arguments: { a: 2 } })
    expect(r.isError).toBeFalsy()
    expect(r.structuredContent).toEqual({ sum: 3 })
    expect(JSON.parse(text(r))).toEqual({ sum: 3 })
  })

  it('turns a thrown error into isError with its name and message', async () => {
    const r = await client.callTool({ name: 'always_fails', arguments: {} })
    expect(r.isError).toBe(true)
    expect(text(r)).toBe('CidNotFoundError: CID bafkqaaa is not in the local store')
  })

  it('reports invalid arguments and unknown tools as tool errors, and keeps serving', async () => {
    const bad = await client.callTool({ name: 'add_numbers', arguments: { a: 'two' } })
    expect(bad.isError).toBe(true)
    expect(text(bad)).toMatch(/Invalid arguments for tool add_numbers.*expected number.*\ba\b/s)
    const unknown = await client.callTool({ name: 'no_such_tool', arguments: {} })
    expect(unknown.isError).toBe(true)
    expect(text(unknown)).toMatch(/no_such_tool not found/)
    expect((await client.callTool({ name: 'add_numbers', arguments: { a: 1, b: 1 } })).structuredContent).toEqual({ sum: 2 })
  })

  it('sends progress notifications when the client asks for them', async () => {
    const seen: Array<{ progress: number, message?: string }> = []
    const r = await client.callTool({ name: 'slow_build', arguments: {} }, undefined, { onprogress: p => seen.push(p) })
    expect(r.structuredContent).toEqual({ built: true })
    expect(seen.length).toBeGreaterThanOrEqual(1)
    expect(seen[0]).toMatchObject({ progress: 1, message: 'embedding: 1/3 chunks' })
  })

  it('describeError prefixes the error name', () => {
    expect(describeError(new TypeError('bad'))).toBe('TypeError: bad')
    expect(describeError(new Error('plain'))).toBe('plain')
    expect(describeError('text')).toBe('text')
  })
})

describe('createMcpServer with the real read/list tools and ipfs:// resources', () => {
  let session: QuarrySession
  let client: Client
  let cleanup: () => Promise<void>
  let docCid = ''
  let rootCid = ''

  beforeAll(async () => {
    const t = await tempDir('quarry-mcp-mem-')
    cleanup = t.cleanup
    const folder = join(t.dir, 'notes')
    await mkdir(folder)
    await writeFile(join(folder, 'deals.md'), '# Deals\n\nA storage deal is an agreement between a client and a storage provider.\n')
    session = await openQuarrySession({ home: join(t.dir, 'home'), defaultCorpus: 'notes' })
    rootCid = (await session.corpora.add(folder, { name: 'notes' })).cid
    for await (const f of session.corpora.files((await session.corpora.resolve('notes')).cid)) docCid = f.cid.toString()
    const ctx = createToolContext(session)
    client = await connect({ tools: [readTool(ctx), listCorporaTool(ctx)], resources: quarryResources(ctx) })
  })
  afterAll(async () => {
    await client?.close()
    await session?.close()
    await cleanup()
  })

  it('quarry_list_corpora and quarry_read work over the protocol', async () => {
    const list = await client.callTool({ name: 'quarry_list_corpora', arguments: {} })
    expect((list.structuredContent as { defaultCorpus: string }).defaultCorpus).toBe('notes')
    const read = await client.callTool({ name: 'quarry_read', arguments: { cid: docCid } })
    expect(read.structuredContent).toMatchObject({ kind: 'document', path: 'deals.md', title: 'Deals' })
  })

  it('quarry_read reports unknown and malformed CIDs as tool errors', async () => {
    const unknown = await client.callTool({ name: 'quarry_read', arguments: { cid: 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku' } })
    expect(unknown.isError).toBe(true)
    expect(text(unknown)).toMatch(/^CidNotFoundError: .*not in the local store/)
    const malformed = await client.callTool({ name: 'quarry_read', arguments: { cid: 'hello' } })
    expect(malformed.isError).toBe(true)
    expect(text(malformed)).toMatch(/^InvalidCidError: "hello" is not a valid CID/)
  })

  it('serves ipfs://<cid> resources: template, list and read', async () => {
    const { resourceTemplates } = await client.listResourceTemplates()
    expect(resourceTemplates.map(t => t.uriTemplate)).toEqual(['ipfs://{cid}'])
    const { resources } = await client.listResources()
    expect(resources).toEqual([expect.objectContaining({ uri: `ipfs://${rootCid}`, name: 'notes' })])
    const doc = await client.readResource({ uri: `ipfs://${docCid}` })
    expect(doc.contents[0]).toMatchObject({ uri: `ipfs://${docCid}`, mimeType: 'text/markdown', _meta: { kind: 'document', path: 'deals.md' } })
    expect((doc.contents[0] as { text: string }).text).toContain('A storage deal is an agreement')
    const dir = await client.readResource({ uri: `ipfs://${rootCid}` })
    expect((dir.contents[0] as { text: string }).text).toContain(`deals.md  ${docCid}`)
  })

  it('answers resource reads of unknown or malformed CIDs with JSON-RPC errors', async () => {
    await expect(client.readResource({ uri: 'ipfs://bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku' })).rejects.toMatchObject({ code: -32002, message: expect.stringMatching(/CidNotFoundError/) })
    await expect(client.readResource({ uri: 'ipfs://nope' })).rejects.toMatchObject({ code: -32602, message: expect.stringMatching(/InvalidCidError/) })
    expect((await client.listTools()).tools).toHaveLength(2)
  })
})
