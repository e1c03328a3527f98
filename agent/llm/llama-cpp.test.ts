import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, it, expect, afterAll } from 'vitest'
import { checkCitations } from '../citations/check-citations.js'
import { llmAnswer } from '../answerers/llm-answer.js'
import { HAS_FILECOIN_DOCS, SHARED_DIR, createChunkSearch, loadFilecoinChunks } from '../test-fixtures/filecoin-results.js'
import { createLlamaCppChat } from './llama-cpp.js'

const MODEL = path.join(SHARED_DIR, 'models', 'stories260K.gguf')
const HAS_MODEL = existsSync(MODEL)
if (!HAS_MODEL) console.warn(`[llama-cpp.test] skipped: ${MODEL} not found (set QUARRY_SHARED)`)

describe.skipIf(!HAS_MODEL)('createLlamaCppChat with the toy stories260K model', () => {
  // one thread: llama.cpp's worker threads spin, which is slow on a small shared machine
  const llm = createLlamaCppChat({ modelPath: MODEL, gpu: false, contextSize: 2048, maxTokens: 24, threads: 1 })

  afterAll(async () => {
    await llm.dispose()
  })

  it('loads offline and generates a few tokens', async () => {
    expect(llm.id).toBe('llama-cpp:stories260K.gguf')
    const tokens: string[] = []
    const reply = await llm.chat([{ role: 'system', content: 'You tell stories.' }, { role: 'user', content: 'Once upon a time' }], { onToken: t => tokens.push(t), temperature: 0 })
    expect(reply.length).toBeGreaterThan(0)
    expect(tokens.join('')).toBe(reply)
  })

  it.skipIf(!HAS_FILECOIN_DOCS)('gives llmAnswer nothing it can pass off as a citation', async () => {
    const question = 'What is a storage deal?'
    const results = createChunkSearch(await loadFilecoinChunks())(question, 2)
    const draft = await llmAnswer(question, results, llm, { maxPassageChars: 300 })
    expect(draft.llm).toBe('llama-cpp:stories260K.gguf')
    // the toy cannot follow instructions: it abstains, or keeps only citations that pass the check
    if (draft.abstained) {
      expect(draft.sentences).toEqual([])
      expect(draft.citations).toEqual([])
    }
    const rechecked = await checkCitations(draft, results)
    expect(rechecked.rejected).toEqual(draft.rejected)
    expect(rechecked.citations).toEqual(draft.citations)
    for (const c of draft.citations) expect(results.some(r => r.chunk.chunkCid.toString() === c.chunkCid && r.chunk.text.includes(c.quote))).toBe(true)
  })

  it('can be disposed and used again', async () => {
    await llm.dispose()
    expect((await llm.chat([{ role: 'user', content: 'Lily' }], { maxTokens: 4 })).length).toBeGreaterThan(0)
  })
})
