import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, it, expect } from 'vitest'
import type { AnswerRecord } from '../agent/index.js'

// The provider is the real file, loaded the way promptfoo loads it; the
// Quarry module it calls is a stand-in written here that records the calls
// (a real session and index are exercised by test/eval-qa-cli.test.ts).
const record = JSON.parse(readFileSync(new URL('./exports/answer-record.fixture.json', import.meta.url), 'utf8')) as AnswerRecord

interface ProviderResponse { output?: string, error?: string, latencyMs?: number, metadata?: { citations: unknown[], corpusCid: string } }
interface Provider { id: () => string, label?: string, callApi: (prompt: string, context?: unknown, options?: unknown) => Promise<ProviderResponse>, cleanup: () => Promise<void> }
type ProviderClass = new (options?: { id?: string, label?: string, config?: Record<string, unknown> }) => Provider

describe('promptfoo-provider.mjs', () => {
  let dir: string
  let fake: string
  let Provider: ProviderClass
  const env = { ...process.env }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'quarry-promptfoo-'))
    fake = path.join(dir, 'fake-quarry.mjs')
    await writeFile(fake, `
      export const calls = []
      const record = ${JSON.stringify(record)}
      export async function openQuarrySession (options) {
        calls.push(['open', options])
        return {
          async openIndex (options) { calls.push(['openIndex', options]); return { name: 'fake-index' } },
          async close () { calls.push(['close']) }
        }
      }
      export async function answer ({ index, ...options }) {
        calls.push(['answer', index.name, options])
        return { ...record, question: options.question }
      }
      export function createOpenAICompatibleChat (options) {
        calls.push(['llm', options])
        return { id: 'fake-llm' }
      }
    `)
    await writeFile(path.join(dir, 'no-open.mjs'), 'export const nothing = 1\n')
    const providerUrl = new URL('./promptfoo-provider.mjs', import.meta.url).href
    Provider = ((await import(providerUrl)) as { default: ProviderClass }).default
  })
  afterEach(() => { process.env = { ...env } })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  async function calls (): Promise<unknown[]> {
    return ((await import(new URL(`file://${fake}`).href)) as { calls: unknown[] }).calls
  }

  it('answers vars.question with Quarry and returns the citations as metadata', async () => {
    const provider = new Provider({ id: 'quarry-test', config: { module: fake, corpus: 'filecoin-docs', mode: 'extractive', home: '/tmp/qh', k: 3, searchMode: 'lexical' } })
    expect(provider.id()).toBe('quarry-test')
    const res = await provider.callApi('rendered prompt', { vars: { question: 'What is FVM' } })
    expect(res.error).toBeUndefined()
    expect(res.output).toBe(record.answer)
    expect(res.latencyMs).toBe(1500)
    expect(res.metadata?.citations).toEqual(record.citations)
    expect(res.metadata?.corpusCid).toBe('bafybeicorpus')
    await provider.callApi('second')
    await provider.cleanup()
    expect(await calls()).toEqual([
      ['open', { home: '/tmp/qh' }],
      ['openIndex', { ref: 'filecoin-docs' }],
      ['answer', 'fake-index', { question: 'What is FVM', mode: 'extractive', k: 3, searchMode: 'lexical' }],
      ['answer', 'fake-index', { question: 'second', mode: 'extractive', k: 3, searchMode: 'lexical' }],
      ['close']
    ])
  })

  it('reads its settings from QUARRY_* environment variables', async () => {
    process.env.QUARRY_MODULE = fake
    process.env.QUARRY_CORPUS = 'jfk'
    process.env.QUARRY_INDEX = 'bafyreiindex'
    process.env.QUARRY_MODE = 'llm'
    process.env.QUARRY_LLM_BASE_URL = 'http://127.0.0.1:9/v1'
    process.env.QUARRY_LLM_MODEL = 'tiny'
    delete process.env.QUARRY_LLM_API_KEY
    delete process.env.QUARRY_HOME
    const provider = new Provider()
    expect(provider.id()).toBe('quarry')
    const before = (await calls()).length
    const res = await provider.callApi('Who?')
    expect(res.output).toBe(record.answer)
    expect((await calls()).slice(before)).toEqual([
      ['llm', { baseURL: 'http://127.0.0.1:9/v1', model: 'tiny' }],
      ['open', {}],
      ['openIndex', { ref: 'bafyreiindex' }],
      ['answer', 'fake-index', { question: 'Who?', mode: 'llm', llm: { id: 'fake-llm' } }]
    ])
    await provider.cleanup()
  })

  it('reports a module without openQuarrySession, or llm mode without a model, as provider errors instead of throwing', async () => {
    const provider = new Provider({ config: { module: path.join(dir, 'no-open.mjs') } })
    const res = await provider.callApi('q')
    expect(res.output).toBeUndefined()
    expect(res.error).toMatch(/^quarry: .*does not export openQuarrySession\(\)/)
    delete process.env.QUARRY_LLM_BASE_URL
    const llm = new Provider({ config: { module: fake, mode: 'llm' } })
    expect((await llm.callApi('q')).error).toMatch(/^quarry: llm mode needs llmUrl and llmModel/)
  })
})
