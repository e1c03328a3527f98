import { describe, it, expect } from 'vitest'
import { createEmbedder, parseEmbedderSpec } from './create-embedder.js'

describe('parseEmbedderSpec', () => {
  it('parses use, transformers and openai strings', () => {
    expect(parseEmbedderSpec('use')).toEqual({ kind: 'use' })
    expect(parseEmbedderSpec('use:universal-sentence-encoder-lite')).toEqual({ kind: 'use' })
    expect(parseEmbedderSpec('transformers:Xenova/all-MiniLM-L6-v2')).toEqual({ kind: 'transformers', model: 'Xenova/all-MiniLM-L6-v2' })
    expect(parseEmbedderSpec('transformers:/path/to/folder')).toEqual({ kind: 'transformers', model: '/path/to/folder' })
    expect(parseEmbedderSpec('openai:nomic-embed-text', {})).toEqual({ kind: 'openai', baseURL: 'http://127.0.0.1:11434/v1', model: 'nomic-embed-text' })
    expect(parseEmbedderSpec('openai:bge-m3', { QUARRY_EMBED_BASE_URL: 'http://127.0.0.1:8080/v1', QUARRY_EMBED_API_KEY: 'k' }))
      .toEqual({ kind: 'openai', baseURL: 'http://127.0.0.1:8080/v1', model: 'bge-m3', apiKey: 'k' })
  })

  it('round-trips embedder ids', () => {
    for (const s of ['use', 'transformers:Xenova/bge-small-en-v1.5', 'openai:text-embedding-3-small']) {
      expect(createEmbedder(parseEmbedderSpec(s, {})).id).toBe(s === 'use' ? 'use:universal-sentence-encoder-lite' : s)
    }
  })

  it('throws InvalidEmbedderError naming the bad value and the valid kinds', () => {
    expect(() => parseEmbedderSpec('word2vec:google-news')).toThrow(expect.objectContaining({
      name: 'InvalidEmbedderError',
      message: expect.stringMatching(/"word2vec:google-news".*use, transformers:.*openai:/)
    }))
    expect(() => parseEmbedderSpec('transformers:')).toThrow(expect.objectContaining({ name: 'InvalidEmbedderError' }))
    expect(() => parseEmbedderSpec('openai')).toThrow(expect.objectContaining({ name: 'InvalidEmbedderError' }))
    expect(() => parseEmbedderSpec('use:other-model')).toThrow(expect.objectContaining({ name: 'InvalidEmbedderError' }))
    expect(() => createEmbedder({ kind: 'fasttext' } as never)).toThrow(expect.objectContaining({ name: 'InvalidEmbedderError', message: expect.stringMatching(/"fasttext"/) }))
  })
})

describe('createEmbedder', () => {
  it('builds each kind with its options', async () => {
    const use = createEmbedder({ kind: 'use', batchSize: 8 })
    expect([use.id, use.dimensions]).toEqual(['use:universal-sentence-encoder-lite', 512])
    const openai = createEmbedder({ kind: 'openai', baseURL: 'http://127.0.0.1:9/v1', model: 'm', dimensions: 384 })
    expect([openai.id, openai.dimensions]).toEqual(['openai:m', 384])
    const transformers = createEmbedder({ kind: 'transformers', model: 'Xenova/all-MiniLM-L6-v2' })
    expect(transformers.id).toBe('transformers:Xenova/all-MiniLM-L6-v2')
  })
})
