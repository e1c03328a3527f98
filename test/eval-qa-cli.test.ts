import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, inject, it, expect } from 'vitest'
import { parse } from 'yaml'
import { runCli } from './helpers/cli.js'
import { HAS_SHARED, ROOT, shared, tempDir } from './helpers/shared.js'
import type { AnswerRecord } from '../agent/index.js'
import type { EvalReport, PromptfooTest } from '../eval/index.js'

const FAQ = shared('eval', 'filecoin-docs-faq-dev.jsonl')
const HAVE_FAQ = HAS_SHARED && existsSync(FAQ)
if (!HAVE_FAQ) console.warn(`skipping the eval qa CLI test: ${FAQ} not found (set QUARRY_SHARED)`)

interface ProviderResponse { output?: string, error?: string, metadata?: { citations: Array<{ path: string }> } }
interface Provider { callApi: (prompt: string, context?: unknown) => Promise<ProviderResponse>, cleanup: () => Promise<void> }
type ProviderClass = new (options: { config: Record<string, unknown> }) => Provider

/**
 * The Quarry home with the Filecoin docs indexed: the one test/global-setup.ts
 * provides, else `QUARRY_TEST_HOME`, else a fresh one (the CLI then builds
 * the index on first use, which takes minutes)
 */
function testHome (fresh: string): string {
  let provided: string | undefined
  try {
    provided = inject('quarryTestHome')
  } catch {
    provided = undefined
  }
  return provided ?? process.env.QUARRY_TEST_HOME ?? fresh
}

describe.skipIf(!HAVE_FAQ)('quarry eval qa on the Filecoin docs FAQ set', () => {
  let tmp: { dir: string, cleanup: () => Promise<void> }
  let home: string
  let out: string
  let printed: { outDir: string, files: string[], report: EvalReport }

  beforeAll(async () => {
    tmp = await tempDir('quarry-eval-qa-')
    home = testHome(path.join(tmp.dir, 'home'))
    out = path.join(tmp.dir, 'out')
  })
  afterAll(async () => { await tmp?.cleanup() })

  it('answers 10 questions extractively and writes reports, answers and the three exports', async () => {
    const res = await runCli(['eval', 'qa', '--dataset', FAQ, '--limit', '10', '--out', out, '--export', 'ragas,deepeval', '--export', 'promptfoo', '--json'], { home, timeoutMs: 600_000 })
    expect(res.stderr).toContain(`to ${out}`)
    expect(res.code).toBe(0)
    printed = JSON.parse(res.stdout) as typeof printed
    expect(printed.files).toEqual(['results.json', 'summary.md', 'report.html', 'answers.jsonl', 'ragas.jsonl', 'deepeval.json', 'quarry-provider.mjs', 'promptfooconfig.yaml'])
    for (const file of printed.files) expect(existsSync(path.join(out, file)), file).toBe(true)

    const report = printed.report
    expect(report).toMatchObject({ kind: 'qa', dataset: 'filecoin-docs-faq-dev', embedder: 'use:universal-sentence-encoder-lite' })
    expect(report.indexCid).toMatch(/^bafy/)
    expect(report.rows).toHaveLength(10)
    const metrics = report.modes[0]?.metrics ?? {}
    for (const key of ['relevant_cited', 'citation_precision', 'token_f1', 'abstained']) {
      expect(metrics[key]?.mean, key).toBeGreaterThanOrEqual(0)
      expect(metrics[key]?.mean, key).toBeLessThanOrEqual(1)
    }
    // the FAQ page that answers these questions is in the corpus; hybrid retrieval finds it for most of them
    expect(metrics.relevant_cited?.mean).toBeGreaterThanOrEqual(0.5)
    expect(report.modes[0]?.latencyMs?.n).toBe(10)

    const records = (await readFile(path.join(out, 'answers.jsonl'), 'utf8')).trim().split('\n').map(l => JSON.parse(l) as AnswerRecord)
    expect(records.map(r => r.answer)).toEqual(report.rows.map(r => r.answer))
    expect(records.every(r => r.indexCid === report.indexCid)).toBe(true)
    const ragas = (await readFile(path.join(out, 'ragas.jsonl'), 'utf8')).trim().split('\n').map(l => JSON.parse(l) as { user_input: string, retrieved_contexts: string[], reference?: string })
    expect(ragas.map(s => s.user_input)).toEqual(report.rows.map(r => r.query))
    expect(ragas.every(s => s.retrieved_contexts.length > 0 && s.reference !== undefined)).toBe(true)
    const deepeval = JSON.parse(await readFile(path.join(out, 'deepeval.json'), 'utf8')) as Array<{ name: string, additional_metadata: { indexCid: string } }>
    expect(deepeval.map(c => c.name)).toEqual(report.rows.map(r => r.id))
    expect(deepeval[0]?.additional_metadata.indexCid).toBe(report.indexCid)
    const html = await readFile(path.join(out, 'report.html'), 'utf8')
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(|src=/i)
  })

  it('writes a promptfoo config whose provider answers with Quarry and whose citation assertion passes', async () => {
    const config = parse(await readFile(path.join(out, 'promptfooconfig.yaml'), 'utf8')) as { providers: Array<{ id: string, config: Record<string, unknown> }>, tests: PromptfooTest[] }
    expect(config.tests).toHaveLength(10)
    const provider = config.providers[0]
    // portable: no home, no machine paths, the corpus by name (issue 14); the home comes from where promptfoo runs
    expect(provider?.config).toEqual({ corpus: 'filecoin-docs', mode: 'extractive', searchMode: 'hybrid', k: 5 })
    // the provider is a copy beside the config, so no path leads into the checkout that wrote it (issue 26)
    expect(provider?.id).toBe('file://quarry-provider.mjs')
    const file = path.join(out, 'quarry-provider.mjs')
    expect(await readFile(file, 'utf8')).toBe(await readFile(path.join(ROOT, 'eval', 'promptfoo-provider.mjs'), 'utf8'))

    // outside the checkout the copy finds Quarry through QUARRY_MODULE (here: the config's `module`), a Quarry folder
    const Provider = ((await import(file)) as { default: ProviderClass }).default
    const lost = new Provider({ config: { ...provider?.config, home } })
    expect((await lost.callApi('What is FVM?')).error).toMatch(/cannot find Quarry from this provider: set QUARRY_MODULE/)
    await lost.cleanup()

    // what promptfoo does for one test, without promptfoo: call the provider, run the javascript assertion
    const quarry = new Provider({ config: { ...provider?.config, home, module: ROOT } })
    try {
      const test = config.tests.find((t, i) => printed.report.rows[i]?.metrics.relevant_cited === 1)
      expect(test).toBeDefined()
      const response = await quarry.callApi(test?.vars.question ?? '', { vars: test?.vars })
      expect(response.error).toBeUndefined()
      expect(response.output).toBe(printed.report.rows.find(r => r.query === test?.vars.question)?.answer)
      const assertion = test?.assert.find(a => a.type === 'javascript')
      const check = new Function('output', 'context', assertion?.value ?? '') as (output: unknown, context: unknown) => { pass: boolean, reason: string }
      expect(check(response.output, { vars: test?.vars, providerResponse: response })).toMatchObject({ pass: true })
      expect(check(response.output, { vars: test?.vars, providerResponse: { metadata: { citations: [{ path: 'elsewhere.md', docCid: 'x' }] } } })).toMatchObject({ pass: false })
    } finally {
      await quarry.cleanup()
    }
  })

  it('--min-answerability: the same questions abstain above every score, and the report names the threshold', async () => {
    const strict = path.join(tmp.dir, 'strict')
    const res = await runCli(['eval', 'qa', '--dataset', FAQ, '--limit', '5', '--min-answerability', '1', '--out', strict, '--json'], { home, timeoutMs: 600_000 })
    expect(res.code).toBe(0)
    const report = (JSON.parse(res.stdout) as typeof printed).report
    expect(report.modes[0]?.label).toContain('min answerability 1')
    expect(report.modes[0]?.metrics.abstained?.mean).toBe(1)
    expect((report.notes ?? []).some(n => n.includes('--min-answerability'))).toBe(true)
    const records = (await readFile(path.join(strict, 'answers.jsonl'), 'utf8')).trim().split('\n').map(l => JSON.parse(l) as AnswerRecord)
    expect(records.every(r => r.abstained && r.minAnswerability === 1 && r.abstainedBecause === 'low-answerability')).toBe(true)
    // the report counts the abstentions by reason, and each row says why
    expect(report.notes).toContain('abstentions by reason: low-answerability 5')
    expect(report.rows.every(r => r.abstainedBecause === 'low-answerability')).toBe(true)
    const bad = await runCli(['eval', 'qa', '--dataset', FAQ, '--min-answerability', '-0.1'], { home })
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('--min-answerability must be a number from 0 to 1, got "-0.1"')
  })

  it('needs a model for llm mode and names a bad export format', async () => {
    const llm = await runCli(['eval', 'qa', '--dataset', FAQ, '--mode', 'llm'], { home, env: { QUARRY_LLM_BASE_URL: '', QUARRY_LLM_MODEL: '' } })
    expect(llm.code).toBe(1)
    expect(llm.stderr).toMatch(/--mode llm needs a model/)
    const bad = await runCli(['eval', 'qa', '--dataset', FAQ, '--export', 'csv'], { home })
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/--export must be one of ragas, deepeval, promptfoo, got "csv"/)
  })
})
