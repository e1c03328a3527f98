import { describe, it, expect } from 'vitest'
import { createUseEmbeddings } from './use-embeddings.js'

function cosine (a: number[], b: number[]): number {
  let dot = 0
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] ?? 0) * (b[i] ?? 0)
  }
  return dot
}

const storage = 'A storage deal is an agreement between a client and a storage provider to store data on the Filecoin network.'
const retrieval = 'Retrieval providers serve copies of stored files back to clients who pay for fast retrieval.'
const cooking = 'Simmer the tomatoes with garlic and olive oil, then toss the sauce with freshly cooked pasta.'
const football = 'The striker scored twice in the second half and the home team won the match.'

describe('createUseEmbeddings', () => {
  const embedder = createUseEmbeddings({ batchSize: 3 })

  it('has a stable id and 512 dimensions', async () => {
    await embedder.init()
    expect(embedder.id).toBe('use:universal-sentence-encoder-lite')
    expect(embedder.dimensions).toBe(512)
  })

  it('ranks a storage question closer to a storage-deal sentence than to cooking', async () => {
    const q = await embedder.embedQuery('How do I store data on Filecoin?')
    const [s, r, c, f] = await embedder.embedDocuments([storage, retrieval, cooking, football])
    const simStorage = cosine(q, s ?? [])
    expect(simStorage).toBeGreaterThan(cosine(q, c ?? []))
    expect(simStorage).toBeGreaterThan(cosine(q, f ?? []))
    expect(cosine(q, r ?? [])).toBeGreaterThan(cosine(q, c ?? []))
  })

  it('returns unit-length 512-d vectors in input order across batches, empty strings included', async () => {
    const texts = [storage, '', retrieval, cooking, football, 'Filecoin', 'IPFS content addressing', '']
    const batched = await embedder.embedDocuments(texts)
    expect(batched).toHaveLength(texts.length)
    for (const v of batched) {
      expect(v).toHaveLength(512)
      expect(Math.hypot(...v)).toBeCloseTo(1, 4)
    }
    // batching must not change results or order: compare with one-at-a-time
    const single = createUseEmbeddings({ batchSize: 64 })
    const whole = await single.embedDocuments(texts)
    for (let i = 0; i < texts.length; i++) {
      expect(cosine(batched[i] ?? [], whole[i] ?? [])).toBeCloseTo(1, 4)
    }
  })

  it('is deterministic', async () => {
    const a = await embedder.embedQuery(retrieval)
    const b = await embedder.embedQuery(retrieval)
    expect(a).toEqual(b)
  })

  it('returns [] for no texts and honours an aborted signal', async () => {
    expect(await embedder.embedDocuments([])).toEqual([])
    const controller = new AbortController()
    controller.abort()
    await expect(embedder.embedDocuments([storage], { signal: controller.signal })).rejects.toThrow(/abort/i)
  })
})
