import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, it, expect } from 'vitest'
import { createOpenAICompatibleChat } from '../agent/index.js'
import { openQuarrySession, type QuarrySession } from '../session/index.js'
import { loadQaDataset, type QaDataset } from './qa-dataset.js'
import { runQaEval, type QaEvalProgressEvent } from './run-qa-eval.js'
import type { QuarryIndex } from '../indexes/index.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const shared = process.env.QUARRY_SHARED ?? path.resolve(root, '../shared')
const docs = path.join(shared, 'corpora', 'filecoin-docs')
const faq = path.join(shared, 'eval', 'filecoin-docs-faq-dev.jsonl')
const haveShared = existsSync(faq) && existsSync(docs)
if (!haveShared) console.warn(`skipping runQaEval tests: ${faq} or ${docs} not found (set QUARRY_SHARED)`)

// the two FAQ pages the questions come from, and a few pages that do not answer them
const PAGES = [
  'smart-contracts/fundamentals/faqs.md',
  'builder-cookbook/filecoin-pin/faq.md',
  'basics/what-is-filecoin/blockchain.md',
  'basics/what-is-filecoin/storage-market.md',
  'basics/what-is-filecoin/retrieval-market.md'
]

/**
 * An OpenAI-compatible server on 127.0.0.1 standing in for a language model
 * (none can run here): it answers with the first sentence of passage [1],
 * cited, or NOT_FOUND when there are no passages.
 */
function quotingLlmServer (): Server {
  return createServer((req, res) => {
    let body = ''
    req.on('data', (d: Buffer) => { body += d.toString() })
    req.on('end', () => {
      const messages = (JSON.parse(body) as { messages: Array<{ content: string }> }).messages
      const passage = /<passage>\n\[1\] \([^\n]*\)\n([\s\S]*?)\n<\/passage>/.exec(messages.at(-1)?.content ?? '')?.[1] ?? ''
      const sentence = passage.split('\n').map(l => l.replace(/^[#>*\-\s]+/, '').trim()).find(l => /[a-z]{3}.*[.!?]$/.test(l) && l.length > 30)
      const content = sentence === undefined ? 'NOT_FOUND' : `${sentence} [1]`
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] }))
    })
  })
}

describe.skipIf(!haveShared)('runQaEval', () => {
  let dir: string
  let session: QuarrySession
  let index: QuarryIndex
  let dataset: QaDataset

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'quarry-qa-eval-'))
    const corpus = path.join(dir, 'faq-pages')
    for (const page of PAGES) {
      await mkdir(path.dirname(path.join(corpus, page)), { recursive: true })
      await copyFile(path.join(docs, page), path.join(corpus, page))
    }
    session = await openQuarrySession({ home: path.join(dir, 'home') })
    const entry = await session.corpora.add(corpus, { name: 'faq-pages' })
    const { cid } = await session.indexes.build(entry.cid, { embedder: await session.embedder('use') })
    index = await session.indexes.open(cid, await session.embedder('use'))
    dataset = await loadQaDataset(faq)
  })
  afterAll(async () => {
    await session?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('answers every question extractively and scores citations, abstention, token F1 and latency', async () => {
    const events: QaEvalProgressEvent[] = []
    const { report, records } = await runQaEval({ dataset, index, onProgress: e => events.push(e) })
    expect(records).toHaveLength(37)
    expect(records.map(r => r.question)).toEqual(dataset.samples.map(s => s.question))
    expect(events.at(-1)).toMatchObject({ type: 'eval:qa:answer', done: 37, total: 37 })
    expect(report).toMatchObject({
      version: 1, kind: 'qa', dataset: 'filecoin-docs-faq-dev', corpusCid: index.manifest.corpusCid, indexCid: index.cid?.toString(), embedder: index.manifest.embedder.id, references: []
    })
    expect(report.llm).toBeUndefined()
    const [mode] = report.modes
    expect(mode?.mode).toBe('extractive')
    expect(Object.keys(mode?.metrics ?? {})).toEqual(['relevant_cited', 'citation_precision', 'token_f1', 'abstained', 'answerable_abstained', 'unanswerable_abstained', 'evidence_in_context', 'answerability', 'exact_match'])
    // every FAQ question is answerable and the FAQ set quotes no evidence: those two metrics have no values
    expect([mode?.metrics.unanswerable_abstained?.n, mode?.metrics.evidence_in_context?.n, mode?.metrics.answerable_abstained?.n, mode?.metrics.answerability?.n]).toEqual([0, 0, 37, 37])
    for (const s of Object.values(mode?.metrics ?? {}).filter(s => s.n > 0)) {
      expect(s.mean).toBeGreaterThanOrEqual(0)
      expect(s.mean).toBeLessThanOrEqual(1)
    }
    expect(mode?.metrics.relevant_cited?.n).toBe(37)
    expect(mode?.metrics.token_f1?.n).toBe(37)
    // every question is answered by one of the FAQ pages in this corpus
    expect(mode?.metrics.relevant_cited?.mean).toBeGreaterThan(0.6)
    expect(mode?.metrics.token_f1?.mean).toBeGreaterThan(0.2)
    expect(mode?.latencyMs?.p50).toBeLessThanOrEqual(mode?.latencyMs?.p95 ?? 0)
    const first = report.rows[0]
    expect(first).toMatchObject({ id: dataset.samples[0]?.id, mode: 'extractive', reference: dataset.samples[0]?.answer, answer: records[0]?.answer, abstained: records[0]?.abstained })
    expect(first?.citations).toEqual([...new Set(records[0]?.citations.map(c => c.path))])
  })

  it('records the LLM of llm mode (a loopback OpenAI-compatible server)', async () => {
    const server = quotingLlmServer()
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as { port: number }
      const llm = createOpenAICompatibleChat({ baseURL: `http://127.0.0.1:${port}/v1`, model: 'quoting-test' })
      const small = { ...dataset, samples: dataset.samples.slice(0, 4) }
      const { report, records } = await runQaEval({ dataset: small, index, mode: 'llm', llm, k: 3, searchMode: 'lexical' })
      expect(report.llm).toBe('openai-compatible:quoting-test')
      expect(report.modes[0]).toMatchObject({ mode: 'llm', label: 'llm, lexical k=3' })
      expect(records.every(r => r.mode === 'llm' && r.contexts.length <= 3 + 2)).toBe(true)
      expect(records.some(r => r.citations.length > 0)).toBe(true)
    } finally {
      server.close()
    }
  })

  it('says so in its notes when the index is lexical-only (progressive indexing), and notes nothing for a full index', async () => {
    const one = { ...dataset, samples: dataset.samples.slice(0, 2) }
    const full = await runQaEval({ dataset: one, index })
    expect((full.report.notes ?? []).some(n => n.startsWith('index:'))).toBe(false)
    const page = path.join(dir, 'one-page')
    await mkdir(page, { recursive: true })
    await copyFile(path.join(docs, PAGES[0] ?? ''), path.join(page, 'faqs.md'))
    const entry = await session.corpora.add(page, { name: 'one-page' })
    const lexical = await session.indexes.ensure(entry.cid.toString(), { embedder: await session.embedder('use'), dense: 'none' })
    expect(lexical.embedded).toBe(0)
    const { report, records } = await runQaEval({ dataset: one, index: lexical })
    expect(records).toHaveLength(2)
    expect(report.notes).toContain(`index: lexical only (0 of ${lexical.chunks.length} chunks embedded), so every search ran on BM25 alone`)
  })

  it('needs a chat model in llm mode, and stops when aborted', async () => {
    const one = { ...dataset, samples: dataset.samples.slice(0, 1) }
    await expect(runQaEval({ dataset: one, index, mode: 'llm' })).rejects.toThrow(/llm mode needs a chat model/)
    await expect(runQaEval({ dataset: one, index, signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' })
  })
})
