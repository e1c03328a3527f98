import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { API_REPORT_FILE, MAX_ENTRY_NAMES, publicEntries, readApiReport, renderApiReport } from '../scripts/api-report.js'
import { ROOT } from './helpers/shared.js'

/** The ```ts blocks of a Markdown file that import Quarry by its package name */
function quarryExamples (file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8')
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map(m => m[1] ?? '').filter(code => /from 'quarry(\/[a-z]+)?'/.test(code))
}

/**
 * Type-check code as if it lived in an app that installed the package: each
 * `quarry` or `quarry/<entry>` import is pointed at that entry's source file
 * (package.json `exports`), so only public names resolve.
 */
function typeCheckAsUser (blocks: string[]): string[] {
  const entries = new Map(publicEntries(ROOT).map(e => [e.subpath, `./${e.source.replace(/\.ts$/, '.js')}`]))
  const files = new Map(blocks.map((code, i) => {
    // a snippet may use a chat model it does not create (`{ model, tools }`): declare one
    const prelude = /\bmodel\b/.test(code) && !/\b(const|let) model\b/.test(code) ? 'declare const model: any\n' : ''
    const source = prelude + code.replace(/from '(quarry(?:\/[a-z]+)?)'/g, (_, name: string) => `from '${entries.get(name) ?? `missing entry ${name}`}'`)
    return [join(ROOT, `doc-example-${i}.ts`), source]
  }))
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile.bind(ts.sys))
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT)
  const host = ts.createCompilerHost(options)
  const getSourceFile = host.getSourceFile.bind(host)
  host.getSourceFile = (name, lang, onError) => {
    const text = files.get(name)
    return text != null ? ts.createSourceFile(name, text, lang) : getSourceFile(name, lang, onError)
  }
  const fileExists = host.fileExists.bind(host)
  host.fileExists = name => files.has(name) || fileExists(name)
  const program = ts.createProgram([...files.keys()], { ...options, noEmit: true, noUnusedLocals: false }, host)
  return [...files.keys()].flatMap(name => ts.getPreEmitDiagnostics(program, program.getSourceFile(name)).map(d =>
    `${name.slice(ROOT.length + 1)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}\n${files.get(name) ?? ''}`))
}

describe('the public API', () => {
  const { entries, unexported } = readApiReport(ROOT)

  it(`is what ${API_REPORT_FILE} says (after a change to the public surface, run: npm run api:report, and commit the report)`, () => {
    const expected = renderApiReport(entries, unexported)
    const current = readFileSync(join(ROOT, API_REPORT_FILE), 'utf8')
    if (current !== expected) {
      const [now, was] = [expected.split('\n'), current.split('\n')]
      const changed = [...was.filter(l => !now.includes(l)).map(l => `- ${l}`), ...now.filter(l => !was.includes(l)).map(l => `+ ${l}`)]
      expect.fail(`${API_REPORT_FILE} is out of date: run \`npm run api:report\` and commit it (review the diff: it is the change to what users can import)\n${changed.slice(0, 20).join('\n')}`)
    }
  }, 120_000)

  it(`names at most ${MAX_ENTRY_NAMES} things per entry, and exports only index.ts and public/`, () => {
    expect(entries.filter(e => e.names.length > MAX_ENTRY_NAMES).map(e => `${e.subpath}: ${e.names.length}`)).toEqual([])
    expect(entries.map(e => e.source).filter(s => s !== 'index.ts' && !/^public\/[a-z-]+\.ts$/.test(s))).toEqual([])
  })

  it('runs the README\'s and the docs\' library examples against the public entries only', () => {
    const blocks = ['README.md', 'docs/tools.md', 'docs/evaluation.md'].flatMap(quarryExamples)
    expect(blocks.length).toBeGreaterThanOrEqual(5)
    expect(typeCheckAsUser(blocks)).toEqual([])
  }, 120_000)

  it('resolves each entry by its package name from the build (dist/), with exactly the report\'s values', () => {
    const script = `const out = {}; for (const s of ${JSON.stringify(entries.map(e => e.subpath))}) out[s] = Object.keys(await import(s)).sort(); console.log(JSON.stringify(out))`
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' })
    expect(run.stderr).toBe('')
    const values = Object.fromEntries(entries.map(e => [e.subpath, e.names.filter(n => ['function', 'class', 'const'].includes(n.kind)).map(n => n.name).sort()]))
    expect(JSON.parse(run.stdout)).toEqual(values)
  }, 120_000)

  it('the example check catches a name that is not public', () => {
    expect(typeCheckAsUser(["import { seededRandom } from 'quarry/search'\nseededRandom(1)\n"]).join('\n')).toMatch(/has no exported member 'seededRandom'/)
  }, 120_000)
})
