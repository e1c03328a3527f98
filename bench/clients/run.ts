/**
 * Drive Quarry with the clients users already run, and print what each sees:
 *
 * 1. the MCP SDK client over stdio (`quarry mcp`): capabilities, tools and
 *    how many declare an outputSchema, a `quarry_search` call (full, and
 *    `detail: 'brief'` with its resource links, one read back), an invalid
 *    argument, `resources/list` titles, a resource error;
 * 2. `@langchain/mcp-adapters` 1.1.4 over stdio: the `quarry_search` tool as a
 *    LangChain tool, and how many characters its result hands a model,
 *    against the JSON result itself (ratio 1.0 = the result reaches it once);
 *    a brief search with the default output handling and with resource links
 *    as artifacts;
 * 3. the MCP Inspector's CLI mode (`npx @modelcontextprotocol/inspector@0.15.0
 *    --cli`, the last release without a Node 22 floor): tools/list and a brief
 *    quarry_search;
 * 4. promptfoo 0.121.20 (the last for Node 20, run with `npx`) on a
 *    `quarry eval qa --export promptfoo` config of a few FAQ questions.
 *
 *   npm run build && node --import tsx bench/clients/run.ts [--skip-inspector] [--skip-promptfoo] [--questions N]
 *
 * Uses a copy of QUARRY_HOME (default: the test suite's prebuilt home in
 * node_modules/.cache/quarry-test-home), so nothing is written to the original.
 */
import { spawn } from 'node:child_process'
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadMcpTools } from '@langchain/mcp-adapters'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)))
const CLI = join(ROOT, 'dist/cli/main.js')
const PROMPTFOO = 'promptfoo@0.121.20'
const INSPECTOR = '@modelcontextprotocol/inspector@0.15.0'
const args = process.argv.slice(2)
const questions = Number(args[args.indexOf('--questions') + 1] ?? 3) || 3
const source = resolve(process.env.QUARRY_HOME ?? join(ROOT, 'node_modules/.cache/quarry-test-home'))
const work = await mkdtemp(join(tmpdir(), 'quarry-clients-'))
const home = join(work, 'home')
await cp(source, home, { recursive: true })
const env = { ...process.env, QUARRY_HOME: home, QUARRY_PEERS: '', QUARRY_GATEWAYS: '', QUARRY_LISTEN: '', QUARRY_LLM_BASE_URL: '', QUARRY_LLM_MODEL: '' } as Record<string, string>
const query = 'How long do Filecoin storage deals last?'
const say = (line: string): void => { process.stdout.write(line + '\n') }

function transport (): StdioClientTransport {
  return new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', '--home', home], env, stderr: 'ignore' })
}

try {
  // 1. the MCP SDK client
  const client = new Client({ name: 'bench-clients', version: '1.0.0' })
  await client.connect(transport())
  const caps = client.getServerCapabilities()
  say(`# MCP SDK client (stdio)\nserver ${JSON.stringify(client.getServerVersion())}, capabilities tools.listChanged=${String(caps?.tools?.listChanged)} resources.listChanged=${String(caps?.resources?.listChanged)}`)
  const listed = (await client.listTools()).tools
  say(`tools: ${listed.map(t => t.name).join(', ')}; outputSchema declared by ${listed.filter(t => t.outputSchema != null).length} of ${listed.length}`)
  const search = await client.callTool({ name: 'quarry_search', arguments: { query, k: 3 } })
  const blocks = search.content as Array<{ type: string, text?: string }>
  const json = blocks[0]?.text ?? ''
  say(`quarry_search k=3: ${blocks.length} content blocks, JSON ${json.length} characters, structuredContent ${search.structuredContent != null ? 'present' : 'absent'}`)
  const brief = await client.callTool({ name: 'quarry_search', arguments: { query, k: 3, detail: 'brief' } })
  const briefBlocks = brief.content as Array<{ type: string, text?: string, uri?: string }>
  say(`quarry_search k=3 detail=brief: blocks ${briefBlocks.map(b => b.type).join(', ')}; JSON ${briefBlocks[0]?.text?.length ?? 0} characters; links ${briefBlocks.filter(b => b.type === 'resource_link').map(b => b.uri?.slice(0, 20) + '…').join(' ')}`)
  const link = briefBlocks.find(b => b.type === 'resource_link')?.uri ?? ''
  const linked = await client.readResource({ uri: link })
  say(`resources/read of the first link: ${((linked.contents[0] as { text?: string } | undefined)?.text ?? '').length} characters of passage text`)
  const invalid = await client.callTool({ name: 'quarry_search', arguments: { query, limit: 3 } })
  say(`invalid arguments (limit: 3): isError=${String(invalid.isError)}: ${(invalid.content as Array<{ text?: string }>)[0]?.text ?? ''}`)
  say(`resources/list: ${(await client.listResources()).resources.map(r => `${r.name} (title "${r.title ?? ''}")`).join(', ')}`)
  const missing = await client.readResource({ uri: 'ipfs://bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku' }).then(() => 'no error', (e: Error) => e.message)
  say(`resource error: ${missing.slice(0, 120)}`)

  // 2. @langchain/mcp-adapters on the same server
  const tools = await loadMcpTools('quarry', client)
  const tool = tools.find(t => t.name === 'quarry_search')
  const message = await tool?.invoke({ type: 'tool_call', id: 'bench-1', name: 'quarry_search', args: { query, k: 3 } }) as { content: unknown }
  const content = typeof message.content === 'string' ? message.content : (message.content as Array<{ text?: string }>).map(b => b.text ?? JSON.stringify(b)).join('\n')
  say(`\n# @langchain/mcp-adapters 1.1.4\nquarry_search k=3 reaches the model as ${content.length} characters for ${json.length} characters of JSON: ratio ${(content.length / json.length).toFixed(2)} (the JSON appears ${content.split(json).length - 1} time(s))`)
  const briefCall = { type: 'tool_call', id: 'bench-2', name: 'quarry_search', args: { query, k: 3, detail: 'brief' } }
  const briefDefault = await tool?.invoke(briefCall) as { content: Array<{ type: string }> }
  say(`detail=brief, default outputHandling: content blocks ${briefDefault.content.map(b => b.type).join(', ')} (file blocks carry the ipfs:// links)`)
  const artifactTool = (await loadMcpTools('quarry', client, { outputHandling: { resource_link: 'artifact' } })).find(t => t.name === 'quarry_search')
  const briefArtifact = await artifactTool?.invoke(briefCall) as { content: Array<{ type: string }>, artifact: unknown[] }
  say(`detail=brief, outputHandling { resource_link: 'artifact' }: content blocks ${briefArtifact.content.map(b => b.type).join(', ')}; artifact ${briefArtifact.artifact.length} items (the linked passages read, and structuredContent)`)
  await client.close()

  // 3. the MCP Inspector's CLI mode (from npm, run with npx) against the same server
  if (!args.includes('--skip-inspector')) {
    const inspect = async (...method: string[]): Promise<{ code: number | null, stdout: string, stderr: string }> =>
      run('npx', ['-y', INSPECTOR, '--cli', '-e', `QUARRY_HOME=${home}`, process.execPath, CLI, 'mcp', '--home', home, ...method])
    const tools = await inspect('--method', 'tools/list')
    say(`\n# MCP Inspector CLI (${INSPECTOR})`)
    if (tools.code !== 0) {
      say(`tools/list failed (exit ${String(tools.code)}): ${(tools.stderr || tools.stdout).slice(-600)}`)
    } else {
      const listedByInspector = (JSON.parse(tools.stdout) as { tools: Array<{ name: string, outputSchema?: unknown }> }).tools
      say(`tools/list: ${listedByInspector.length} tools, outputSchema on ${listedByInspector.filter(t => t.outputSchema != null).length}`)
      const called = await inspect('--method', 'tools/call', '--tool-name', 'quarry_search', '--tool-arg', `query=${query}`, '--tool-arg', 'k=2', '--tool-arg', 'detail=brief')
      const result = JSON.parse(called.stdout || '{}') as { content?: Array<{ type: string }>, isError?: boolean, structuredContent?: unknown }
      say(`tools/call quarry_search k=2 detail=brief: exit ${String(called.code)}, isError=${String(result.isError ?? false)}, blocks ${(result.content ?? []).map(b => b.type).join(', ')}, structuredContent ${result.structuredContent != null ? 'present' : 'absent'}${called.code !== 0 ? `: ${(called.stderr || called.stdout).slice(-400)}` : ''}`)
    }
  }

  // 4. promptfoo on the exported config
  if (!args.includes('--skip-promptfoo')) {
    const out = join(work, 'eval')
    const dataset = join(ROOT, '../shared/eval/filecoin-docs-faq-dev.jsonl')
    const exported = await run(process.execPath, [CLI, 'eval', 'qa', '--dataset', dataset, '--limit', String(questions), '--export', 'promptfoo', '--out', out, '--json'])
    if (exported.code !== 0) throw new Error(`quarry eval qa failed: ${exported.stderr}`)
    say(`\n# promptfoo (${PROMPTFOO}, Node ${process.version})\nconfig: ${(await readFile(join(out, 'promptfooconfig.yaml'), 'utf8')).split('\n').filter(l => /id: file:|corpus:|home:|index:/.test(l)).map(l => l.trim()).join('; ')}`)
    const results = join(work, 'promptfoo-results.json')
    const pf = await run('npx', ['-y', PROMPTFOO, 'eval', '-c', join(out, 'promptfooconfig.yaml'), '-o', results, '--no-cache', '--no-table', '--no-progress-bar'], { PROMPTFOO_DISABLE_TELEMETRY: '1', PROMPTFOO_DISABLE_UPDATE: '1', QUARRY_MODULE: ROOT })
    say(`promptfoo exit code ${String(pf.code)}`)
    const parsed = JSON.parse(await readFile(results, 'utf8').catch(() => '{}')) as { results?: { stats?: { successes: number, failures: number, errors?: number } } }
    const stats = parsed.results?.stats
    say(stats != null ? `promptfoo: ${stats.successes} passed, ${stats.failures} failed, ${stats.errors ?? 0} errors of ${questions} tests` : `promptfoo wrote no results: ${pf.stderr.slice(-600)}`)
  }
} finally {
  await rm(work, { recursive: true, force: true })
}

async function run (command: string, argv: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number | null, stdout: string, stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, argv, { cwd: ROOT, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', d => { stdout += String(d) })
    child.stderr.on('data', d => { stderr += String(d) })
    child.on('error', reject)
    child.on('close', code => resolveRun({ code, stdout, stderr }))
  })
}
