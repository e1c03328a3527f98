import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { ensureCatalogueCorpus, openQuarrySession } from '../session/index.js'
import { runCli } from './helpers/cli.js'
import { HAS_SHARED, ROOT } from './helpers/shared.js'
import { copyPrebuiltHome } from './helpers/test-home.js'
import type { AnswerRecord } from '../agent/index.js'
import type { SearchToolOutput } from '../tools/index.js'

/** Settings blanked so the developer's own environment cannot change what the server does */
const CLEAN_ENV = { QUARRY_PEERS: '', QUARRY_GATEWAYS: '', QUARRY_LISTEN: '', QUARRY_LLM_BASE_URL: '', QUARRY_LLM_MODEL: '', QUARRY_GGUF: '', QUARRY_MCP_TOKEN: '' }

/** The environment for a spawned server: ours, minus settings that must be unset rather than empty */
function serverEnv (extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v != null && k !== 'QUARRY_CORPUS' && k !== 'QUARRY_EMBEDDER') env[k] = v
  return { ...env, ...CLEAN_ENV, ...extra }
}
const CLI = join(ROOT, 'dist/cli/main.js')
const UNKNOWN = 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku'
const LONG = { timeout: 900_000, resetTimeoutOnProgress: true }

/** A home with the Filecoin docs registered: a copy of the global setup's prebuilt one (index included) when there is one */
async function homeWithDocs (): Promise<{ dir: string, cleanup: () => Promise<void> }> {
  const t = await copyPrebuiltHome('quarry-mcp-')
  const session = await openQuarrySession({ home: t.dir })
  try {
    await ensureCatalogueCorpus(session.corpora, 'filecoin-docs')
  } finally {
    await session.close()
  }
  return t
}

const text = (r: unknown): string => ((r as { content: Array<{ text: string }> }).content[0]?.text ?? '')

describe.skipIf(!HAS_SHARED)('quarry mcp (built CLI) on the Filecoin docs', () => {
  let home: string
  let cleanup: () => Promise<void>
  let client: Client
  let stderr = ''
  let first: SearchToolOutput

  beforeAll(async () => {
    ({ dir: home, cleanup } = await homeWithDocs())
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'mcp'],
      cwd: ROOT,
      env: serverEnv({ QUARRY_HOME: home }),
      stderr: 'pipe'
    })
    transport.stderr?.on('data', d => { stderr += String(d) })
    client = new Client({ name: 'quarry-test', version: '1.0.0' })
    await client.connect(transport)
    // the first search waits for the index (built here when there was no prebuilt home)
    const r = await client.callTool({ name: 'quarry_search', arguments: { query: 'How do I make a storage deal?', k: 5 } }, undefined, LONG)
    expect(r.isError, text(r)).toBeFalsy()
    first = r.structuredContent as unknown as SearchToolOutput
  }, 900_000)
  afterAll(async () => {
    await client?.close()
    await cleanup?.()
  })

  it('lists the six tools with descriptions and input schemas', async () => {
    const { tools } = await client.listTools()
    expect(tools.map(t => t.name).sort()).toEqual(['quarry_ask', 'quarry_list_corpora', 'quarry_read', 'quarry_search', 'quarry_verify', 'quarry_verify_index'])
    for (const t of tools) {
      expect(t.description?.length).toBeGreaterThan(80)
      expect(t.inputSchema.type).toBe('object')
    }
    expect(tools.find(t => t.name === 'quarry_search')?.inputSchema.required).toEqual(['query'])
    // every tool declares what it returns (the SDK client checks each result's structuredContent against it)
    for (const t of tools) expect(t.outputSchema, t.name).toMatchObject({ type: 'object' })
    expect(tools.find(t => t.name === 'quarry_search')?.outputSchema?.required).toEqual(expect.arrayContaining(['query', 'corpusCid', 'indexCid', 'results']))
    expect(Object.keys(tools.find(t => t.name === 'quarry_search')?.inputSchema.properties ?? {})).toEqual(['query', 'corpus', 'k', 'mode', 'detail', 'limit'])
    // annotations tell the truth: search and ask may import, build and pin an index (and fetch when online)
    const readOnly = Object.fromEntries(tools.map(t => [t.name, t.annotations?.readOnlyHint]))
    expect(readOnly).toEqual({ quarry_ask: false, quarry_list_corpora: true, quarry_read: true, quarry_search: false, quarry_verify: false, quarry_verify_index: false })
    expect(client.getInstructions()).toMatch(/chunkCid/)
  })

  it('quarry_search returns passages with CIDs from the Filecoin docs', () => {
    expect(first.corpusCid).toBe('bafybeibveuydnh7kc4r4nv3y6jse3di3og6tq3mxcb544cy6bbnfwmy4uu')
    expect(first.results).toHaveLength(5)
    expect(first.results[0]?.chunkCid).toMatch(/^bafkrei/)
    expect(first.results.some(r => /deal/i.test(r.text ?? ''))).toBe(true)
  })

  it('quarry_search detail brief returns snippets and ipfs:// resource links that read back as the passages; limit caps the text', async () => {
    const r = await client.callTool({ name: 'quarry_search', arguments: { query: 'How do I make a storage deal?', k: 5, detail: 'brief' } })
    expect(r.isError, text(r)).toBeFalsy()
    const brief = r.structuredContent as unknown as SearchToolOutput
    expect(brief.results.map(h => h.chunkCid)).toEqual(first.results.map(h => h.chunkCid))
    expect(brief.results.every(h => h.text === undefined && (h.snippet?.length ?? 0) > 20)).toBe(true)
    const content = r.content as Array<{ type: string, uri?: string, name?: string, text?: string }>
    expect(content.slice(0, 2).map(c => c.type)).toEqual(['text', 'text'])
    expect(content[1]?.text).toMatch(/^quarry_search: \d+ characters of JSON above \(also in structuredContent\); 5 ipfs:\/\/ links below$/)
    const links = content.slice(2)
    expect(links).toEqual(brief.results.map(h => expect.objectContaining({ type: 'resource_link', uri: `ipfs://${h.chunkCid}`, name: h.path })))
    const read = await client.readResource({ uri: links[0]?.uri ?? '' })
    expect((read.contents[0] as { text: string }).text).toBe(first.results[0]?.text)
    expect(JSON.stringify(brief).length).toBeLessThan(JSON.stringify(first).length)

    const capped = await client.callTool({ name: 'quarry_search', arguments: { query: 'How do I make a storage deal?', k: 5, limit: 1000 } })
    const out = capped.structuredContent as unknown as SearchToolOutput
    expect(out.results.reduce((n, h) => n + (h.text?.length ?? 0), 0)).toBeLessThanOrEqual(1000)
    expect(out.truncated).toBe(true)
  })

  it('quarry_read returns a chunk and its document', async () => {
    const hit = first.results[0]
    const chunk = await client.callTool({ name: 'quarry_read', arguments: { cid: hit?.chunkCid } })
    expect(chunk.structuredContent).toMatchObject({ kind: 'chunk', text: hit?.text, docCid: hit?.docCid, path: hit?.path })
    const doc = await client.callTool({ name: 'quarry_read', arguments: { cid: `ipfs://${hit?.docCid}`, maxChars: 500 } })
    expect(doc.structuredContent).toMatchObject({ kind: 'document', path: hit?.path, offset: 0 })
    expect((doc.structuredContent as { text: string }).text.length).toBeLessThanOrEqual(500)
  })

  it('quarry_list_corpora lists filecoin-docs as the indexed default', async () => {
    const r = await client.callTool({ name: 'quarry_list_corpora', arguments: {} })
    const out = r.structuredContent as { defaultCorpus: string, corpora: Array<{ name: string, imported: boolean, indexes: unknown[] }> }
    expect(out.defaultCorpus).toBe('filecoin-docs')
    expect(out.corpora.find(c => c.name === 'filecoin-docs')).toMatchObject({ imported: true, indexes: [expect.objectContaining({ chunks: expect.any(Number) })] })
  })

  it('quarry_ask answers with citations, and quarry_verify checks them (and catches tampering)', async () => {
    const r = await client.callTool({ name: 'quarry_ask', arguments: { question: 'What is Filecoin Plus?' } }, undefined, LONG)
    expect(r.isError, text(r)).toBeFalsy()
    const record = r.structuredContent as unknown as AnswerRecord
    expect(record.abstained).toBe(false)
    expect(record.citations.length).toBeGreaterThan(0)
    const ok = await client.callTool({ name: 'quarry_verify', arguments: { record } })
    expect(ok.structuredContent).toMatchObject({ ok: true, corpusCid: record.corpusCid })
    const c = record.citations[0] as AnswerRecord['citations'][number]
    const tampered = { ...record, citations: [{ ...c, quote: `${c.quote.slice(0, -1)}!` }] }
    const bad = await client.callTool({ name: 'quarry_verify', arguments: { record: tampered } })
    expect(bad.isError).toBeFalsy()
    expect((bad.structuredContent as { ok: boolean }).ok).toBe(false)
  })

  it('quarry_verify_index re-derives the index it searched from its corpus (a seeded sample of vectors)', async () => {
    const r = await client.callTool({ name: 'quarry_verify_index', arguments: { index: first.indexCid, sample: 16 } }, undefined, LONG)
    expect(r.isError, text(r)).toBeFalsy()
    const v = r.structuredContent as { verdict: string, indexCid: string, checks: Array<{ name: string, status: string }>, vectors: { checked: number, sample: { size: number, seed: number } } }
    expect(v.indexCid).toBe(first.indexCid)
    expect(v.checks.map(c => `${c.name}:${c.status}`)).toEqual(['manifest:ok', 'chunks:ok', 'lexical:ok', 'graph:ok', 'vectors:ok', 'fusion:ok'])
    expect(v.verdict).toBe('verified')
    expect(v.vectors).toMatchObject({ checked: 16, sample: { size: 16, seed: 1 } })
  }, 300_000)

  it('serves ipfs://<cid> resources', async () => {
    const hit = first.results[1]
    const r = await client.readResource({ uri: `ipfs://${hit?.chunkCid}` })
    expect(r.contents[0]).toMatchObject({ uri: `ipfs://${hit?.chunkCid}`, text: hit?.text, _meta: { kind: 'chunk', docCid: hit?.docCid } })
    const { resourceTemplates } = await client.listResourceTemplates()
    expect(resourceTemplates[0]?.uriTemplate).toBe('ipfs://{cid}')
  })

  it('answers invalid arguments with tool errors the model can act on', async () => {
    const missing = await client.callTool({ name: 'quarry_search', arguments: { k: 3 } })
    expect(missing.isError).toBe(true)
    expect(text(missing)).toMatch(/Invalid arguments for tool quarry_search.*query/s)
    const badK = await client.callTool({ name: 'quarry_search', arguments: { query: 'deals', k: 500 } })
    expect(badK.isError).toBe(true)
    expect(text(badK)).toMatch(/expected number to be <=50 at k/)
    // a count passed as `limit` is refused with what `limit` takes, so the model can correct it
    const badLimit = await client.callTool({ name: 'quarry_search', arguments: { query: 'deals', limit: 3, detail: 'short' } })
    expect(badLimit.isError).toBe(true)
    expect(text(badLimit)).toMatch(/expected number to be >=200 at limit/)
    expect(text(badLimit)).toMatch(/"full"\|"brief" at detail/)
    const badCid = await client.callTool({ name: 'quarry_read', arguments: { cid: 'QmNotReallyACid' } })
    expect(badCid.isError).toBe(true)
    expect(text(badCid)).toMatch(/^InvalidCidError/)
    const badCorpus = await client.callTool({ name: 'quarry_search', arguments: { query: 'deals', corpus: 'no-such-corpus' } })
    expect(badCorpus.isError).toBe(true)
    expect(text(badCorpus)).toMatch(/CorpusNotFoundError.*known: .*filecoin-docs/)
  })

  it('reports an unknown CID quickly, as a tool error and as a resource error', async () => {
    const t0 = Date.now()
    const r = await client.callTool({ name: 'quarry_read', arguments: { cid: UNKNOWN } })
    expect(Date.now() - t0).toBeLessThan(10_000)
    expect(r.isError).toBe(true)
    expect(text(r)).toMatch(new RegExp(`CidNotFoundError: CID ${UNKNOWN} is not in the local store`))
    await expect(client.readResource({ uri: `ipfs://${UNKNOWN}` })).rejects.toMatchObject({ code: -32002 })
    // still serving after the errors
    expect((await client.listTools()).tools).toHaveLength(6)
  })

  it('keeps stdout for protocol messages and logs to stderr', () => {
    expect(stderr).toMatch(/quarry mcp: index \S+ for filecoin-docs ready/)
  })

  describe('over Streamable HTTP', () => {
    const token = 'quarry-test-token-9f2c4e'
    let child: ChildProcess
    let url: URL

    beforeAll(async () => {
      child = spawn(process.execPath, [CLI, 'mcp', '--http', '0'], { cwd: ROOT, env: serverEnv({ QUARRY_HOME: home, QUARRY_MCP_TOKEN: token }), stdio: ['ignore', 'ignore', 'pipe'] })
      let err = ''
      url = await new Promise<URL>((resolve, reject) => {
        child.stderr?.on('data', d => {
          err += String(d)
          const m = /listening on (\S+)/.exec(err)
          if (m?.[1] != null) resolve(new URL(m[1]))
        })
        child.once('exit', code => reject(new Error(`quarry mcp --http exited with ${String(code)}: ${err}`)))
      })
    }, 120_000)
    afterAll(async () => {
      if (child?.exitCode == null) {
        const exited = new Promise(resolve => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
    })

    const connect = async (auth = token): Promise<Client> => {
      const c = new Client({ name: 'quarry-http-test', version: '1.0.0' })
      await c.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${auth}` } } }))
      return c
    }

    it('binds to 127.0.0.1 and refuses a wrong token', async () => {
      expect(url.hostname).toBe('127.0.0.1')
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' }, body: '{}' })
      expect(res.status).toBe(401)
      await expect(connect('wrong')).rejects.toThrow()
    })

    it('answers 50 concurrent quarry_search calls, all successfully', async () => {
      const clients = await Promise.all(Array.from({ length: 5 }, async () => connect()))
      try {
        const topics = ['storage deal', 'retrieval', 'sector sealing', 'FVM smart contracts', 'Filecoin Plus datacap']
        const calls = Array.from({ length: 50 }, async (_, i) => (clients[i % 5] as Client).callTool(
          { name: 'quarry_search', arguments: { query: `${topics[i % 5] ?? ''} ${i}`, k: 3 } }, undefined, LONG))
        const results = await Promise.all(calls)
        expect(results.filter(r => r.isError === true)).toEqual([])
        for (const r of results) expect((r.structuredContent as unknown as SearchToolOutput).results).toHaveLength(3)
      } finally {
        await Promise.all(clients.map(async c => c.close()))
      }
    }, 300_000)

    it('exits cleanly on SIGTERM', async () => {
      const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)))
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
    })
  })

  it('refuses to serve HTTP without a token', async () => {
    const res = await runCli(['mcp', '--http', '0'], { home, env: CLEAN_ENV, timeoutMs: 60_000 })
    expect(res.code).toBe(1)
    expect(res.stderr).toMatch(/MissingTokenError.*--token.*QUARRY_MCP_TOKEN/)
  })
})
