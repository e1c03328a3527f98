import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT } from '../test/helpers/shared.js'

/** Packages that only some commands need: loading one for `--help` costs start-up time on every call */
const HEAVY = ['@helia/', 'helia', 'libp2p', '@libp2p/', '@tensorflow/', 'hnswlib-node', '@langchain/', 'langchain',
  'onnxruntime', '@huggingface/', 'node-llama-cpp', '@modelcontextprotocol/', '@web3-storage/', 'ipfs-unixfs', 'pg', '@electric-sql/']

const dir = mkdtempSync(join(tmpdir(), 'quarry-startup-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The module URLs (not node: built-ins) that `node dist/cli/main.js …args` loads, recorded by a module loader hook */
function modulesLoadedBy (args: string[]): string[] {
  const log = join(dir, `modules-${args.join('-')}.txt`)
  const hook = join(dir, 'hook.mjs')
  writeFileSync(hook, `import { register } from 'node:module'
register('data:text/javascript,' + encodeURIComponent(\`
import { appendFileSync } from 'node:fs'
export async function load (url, context, next) { if (!url.startsWith('node:')) appendFileSync(${JSON.stringify(log)}, url + '\\\\n'); return next(url, context) }
\`))
`)
  const res = spawnSync(process.execPath, ['--import', hook, join(ROOT, 'dist/cli/main.js'), ...args], { encoding: 'utf8' })
  expect(res.status, res.stderr).toBe(0)
  return readFileSync(log, 'utf8').split('\n').filter(Boolean)
}

/** The npm package a module URL belongs to, or undefined for Quarry's own files */
function packageOf (url: string): string | undefined {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url.slice(url.lastIndexOf('node_modules/')))
  return m?.[1]
}

describe('CLI start-up', () => {
  it('`quarry --help` loads no heavy package (Helia, libp2p, TensorFlow, hnswlib, LangChain, …)', () => {
    const mods = modulesLoadedBy(['--help'])
    expect(mods.some(u => u.endsWith('/dist/cli/main.js'))).toBe(true)
    const packages = [...new Set(mods.map(packageOf).filter((p): p is string => p != null))]
    const heavy = packages.filter(p => HEAVY.some(h => h.endsWith('/') ? p.startsWith(h) : p === h))
    expect(heavy).toEqual([])
    // a count, not a time: 185 modules when this test was written, 622 when UnixFS was imported statically
    expect(mods.length).toBeLessThan(300)
  })
})
