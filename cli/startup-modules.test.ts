import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { ROOT } from '../test/helpers/shared.js'
import { NO_LLM } from '../test/helpers/test-home.js'

/** Packages that only some commands need: loading one for `--help` costs start-up time on every call */
const HEAVY = ['@helia/', 'helia', 'libp2p', '@libp2p/', '@tensorflow/', 'hnswlib-node', '@langchain/', 'langchain',
  'onnxruntime', '@huggingface/', 'node-llama-cpp', '@modelcontextprotocol/', '@web3-storage/', 'ipfs-unixfs', 'pg', '@electric-sql/']

/** What a read-only command on a built index must not load: Helia's node, its importer and networking, models, LLM and agent stacks */
const NOT_FOR_READING = ['@helia/', 'helia', 'libp2p', '@libp2p/', 'ipfs-unixfs-importer', 'ipfs-unixfs-exporter', 'datastore-fs', 'datastore-core', 'fast-glob', 'hnswlib-node',
  '@tensorflow/', '@langchain/', 'langchain', 'onnxruntime', '@huggingface/', 'node-llama-cpp', '@modelcontextprotocol/', 'pg', '@electric-sql/']

const dir = mkdtempSync(join(tmpdir(), 'quarry-startup-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/**
 * The module URLs (not node: built-ins) that `node dist/cli/main.js …args`
 * loads: ES modules recorded by a module loader hook, CommonJS ones (which
 * `require` loads without the hook) read from the require cache at exit
 */
function modulesLoadedBy (args: string[], env: Record<string, string> = {}): string[] {
  const log = join(dir, `modules-${args.join('-').replace(/[^\w-]/g, '_')}.txt`)
  const hook = join(dir, 'hook.mjs')
  writeFileSync(hook, `import { createRequire, register } from 'node:module'
import { appendFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
register('data:text/javascript,' + encodeURIComponent(\`
import { appendFileSync } from 'node:fs'
export async function load (url, context, next) { if (!url.startsWith('node:')) appendFileSync(${JSON.stringify(log)}, url + '\\\\n'); return next(url, context) }
\`))
const cache = createRequire(import.meta.url).cache
process.on('exit', () => { for (const file of Object.keys(cache)) appendFileSync(${JSON.stringify(log)}, pathToFileURL(file).href + '\\n') })
`)
  const res = spawnSync(process.execPath, ['--import', hook, join(ROOT, 'dist/cli/main.js'), ...args], { encoding: 'utf8', env: { ...process.env, ...env } })
  expect(res.status, res.stderr).toBe(0)
  return [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))]
}

/** The npm package a module URL belongs to, or undefined for Quarry's own files */
function packageOf (url: string): string | undefined {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url.slice(url.lastIndexOf('node_modules/')))
  return m?.[1]
}

/** The packages of `mods` that match one of `names` (a name ending in `/` is a scope) */
function matching (mods: string[], names: string[]): string[] {
  const packages = [...new Set(mods.map(packageOf).filter((p): p is string => p != null))]
  return packages.filter(p => names.some(h => h.endsWith('/') ? p.startsWith(h) : p === h))
}

describe('CLI start-up', () => {
  it('`quarry --help` loads no heavy package (Helia, libp2p, TensorFlow, hnswlib, LangChain, …)', () => {
    const mods = modulesLoadedBy(['--help'])
    expect(mods.some(u => u.endsWith('/dist/cli/main.js'))).toBe(true)
    expect(matching(mods, HEAVY)).toEqual([])
    // a count, not a time: 185 modules when this test was written, 622 when UnixFS was imported statically,
    // ~80 since the CLI's own modules are bundled
    expect(mods.length).toBeLessThan(150)
  })

  // a read-only command reads the index's blocks (each hashed) from the blockstore: no Helia node is started
  const home = inject('quarryTestHome')
  const env = { QUARRY_HOME: home, QUARRY_PEERS: '', QUARRY_GATEWAYS: '', QUARRY_LISTEN: '', QUARRY_STORE: '', ...NO_LLM }
  // counts, not times: a search loaded 613 ES modules (Helia's node class, UnixFS importer, libp2p utilities)
  // and 80 CommonJS ones (blockstore-fs's glob library), now ~215 in all; an extractive answer loaded 1,511 ES
  // modules (the same, plus LangChain and the OpenAI SDK), then ~340. hnswlib loads only for a dense search.
  // Quarry's own code comes from the CLI bundle (scripts/bundle-cli.ts): 8–16 files (each lazy import() is a chunk;
  // OCR derivations, routing and the answer model added some), not ~140 (one per module),
  // so a search loads ~85 modules in all and an extractive answer ~185
  it.skipIf(home == null || home === '').each([
    ['search --mode lexical', ['search', 'What is a sector?', '--mode', 'lexical', '--json'], 150],
    ['search (default: hybrid)', ['search', 'What is a sector?', '--json'], 150],
    ['ask (extractive)', ['ask', 'What is a sector?', '--json'], 260]
  ])('`quarry %s` on a built index loads no Helia node, importer, libp2p, LangChain or model stack', (_what, args, most) => {
    const mods = modulesLoadedBy(args as string[], env)
    expect(matching(mods, NOT_FOR_READING)).toEqual([])
    expect(mods.length).toBeLessThan(most as number)
    const own = mods.filter(u => packageOf(u) == null)
    expect(own.every(u => /\/dist\/cli\/(main\.js|chunks\/[\w-]+\.js)$/.test(u)), own.join('\n')).toBe(true)
    expect(own.length).toBeLessThan(20)
  })
})
