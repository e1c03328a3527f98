import { describe, it, expect } from 'vitest'
import { createUseEmbeddings, defaultUseRuntime, defaultUseThreads } from './use-embeddings.js'

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

  // A reproducible index needs vectors that depend on their text alone: the raw model's output changes at the
  // last bit when a call pads a text to a longer one (both runtimes) or holds it alone (onnxruntime), so only
  // texts of one token length share a call, and onnxruntime gets a lone text twice.
  const long = `${storage} ${retrieval} ${cooking} ${football} `.repeat(4)
  const mixed = [
    storage, retrieval, cooking, football, `${storage} ${retrieval} ${cooking}`, 'sector', '',
    long, `${long} and words past the model's 128 tokens`, long.slice(0, 560), long.slice(0, 600), 'deals', 'miner'
  ]

  it('gives bit-identical vectors for a text whatever else is embedded with it (onnx, any thread count)', async () => {
    expect(embedder.cacheId).toBe('use:universal-sentence-encoder-lite#onnx-cpu')
    const together = await createUseEmbeddings({ batchSize: 64, threads: 1 }).embedDocuments(mixed)
    const alone = await Promise.all(mixed.map(async t => embedder.embedQuery(t)))
    const twoThreads = await createUseEmbeddings({ batchSize: 5, threads: 2 }).embedDocuments([...mixed].reverse())
    expect(together).toEqual(alone)
    expect(twoThreads.reverse()).toEqual(alone)
  })

  it('gives bit-identical vectors for a text whatever else is embedded with it (wasm: main thread and workers)', async () => {
    const wasm = createUseEmbeddings({ batchSize: 3, runtime: 'wasm' })
    const together = await createUseEmbeddings({ batchSize: 64, threads: 1, runtime: 'wasm' }).embedDocuments(mixed)
    const alone = await Promise.all(mixed.map(async t => wasm.embedQuery(t)))
    const pooled = await createUseEmbeddings({ batchSize: 2, threads: 2, workerIdleMs: 0, runtime: 'wasm' }).embedDocuments(mixed)
    const pooledReversed = await createUseEmbeddings({ batchSize: 5, threads: 2, workerIdleMs: 0, runtime: 'wasm' }).embedDocuments([...mixed].reverse())
    expect(together).toEqual(alone)
    expect(pooled).toEqual(alone)
    expect(pooledReversed.reverse()).toEqual(alone)
    expect(wasm.cacheId).toBe('use:universal-sentence-encoder-lite#per-text-xnnpack-attention')
  })

  it('computes the same function on onnxruntime as on TensorFlow.js (the graph conversion is faithful)', async () => {
    const onnx = await embedder.embedDocuments(mixed)
    const wasm = await createUseEmbeddings({ threads: 1, runtime: 'wasm' }).embedDocuments(mixed)
    mixed.forEach((_, i) => {
      const a = onnx[i] ?? []
      const b = wasm[i] ?? []
      expect(Math.max(...a.map((v, j) => Math.abs(v - (b[j] ?? 0))))).toBeLessThan(1e-5)
    })
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

  it('keys a text by the tokens the model reads, and a text keyed first embeds to the same bits', async () => {
    const fresh = await createUseEmbeddings({ threads: 2 }).init()
    const texts = [...mixed, storage.toUpperCase(), `${retrieval} ${retrieval}`]
    const keys = texts.map(t => fresh.batchKey?.(t))
    expect(keys[mixed.indexOf(long)]).toBe(128)
    expect(keys[mixed.indexOf('sector')]).toBeLessThan(8)
    // keyed texts embed from the token ids kept by batchKey; the rest are tokenized as they come
    const keyed = await fresh.embedDocuments(texts)
    const plain = await createUseEmbeddings({ threads: 1 }).embedDocuments([...texts].reverse())
    expect(keyed).toEqual(plain.reverse())
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

describe('createUseEmbeddings with worker threads (wasm)', () => {
  it('gives the same vectors, in order, as the model on the calling thread', async () => {
    const texts = [storage, '', retrieval, cooking, football, 'Filecoin', 'IPFS content addressing']
    const pooled = createUseEmbeddings({ threads: 2, batchSize: 2, runtime: 'wasm' })
    await pooled.init()
    const inProcess = await createUseEmbeddings({ threads: 1, runtime: 'wasm' }).embedDocuments(texts)
    const fromWorkers = await pooled.embedDocuments(texts)
    expect(fromWorkers).toHaveLength(texts.length)
    for (let i = 0; i < texts.length; i++) {
      expect(cosine(fromWorkers[i] ?? [], inProcess[i] ?? [])).toBeCloseTo(1, 5)
    }
    expect(cosine(await pooled.embedQuery(retrieval), inProcess[2] ?? [])).toBeCloseTo(1, 5)
  })

  it('checks the signal between batches', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(createUseEmbeddings({ threads: 2, runtime: 'wasm' }).embedDocuments([storage], { signal: controller.signal })).rejects.toThrow(/abort/i)
  })
})

describe('defaultUseRuntime', () => {
  it('reads QUARRY_USE_RUNTIME, else onnx, and names the variable on a bad value', () => {
    expect(defaultUseRuntime({})).toBe('onnx')
    expect(defaultUseRuntime({ QUARRY_USE_RUNTIME: 'wasm' })).toBe('wasm')
    expect(() => defaultUseRuntime({ QUARRY_USE_RUNTIME: 'gpu' })).toThrow(/QUARRY_USE_RUNTIME.*"gpu"/)
  })
})

describe('defaultUseThreads', () => {
  it('reads QUARRY_EMBED_THREADS, else uses the cores (1..4)', () => {
    expect(defaultUseThreads({ QUARRY_EMBED_THREADS: '3' })).toBe(3)
    const auto = defaultUseThreads({})
    expect(auto).toBeGreaterThanOrEqual(1)
    expect(auto).toBeLessThanOrEqual(4)
  })

  it('names the variable when its value is not a whole number >= 1', () => {
    expect(() => defaultUseThreads({ QUARRY_EMBED_THREADS: 'two' })).toThrow(/QUARRY_EMBED_THREADS.*"two"/)
    expect(() => defaultUseThreads({ QUARRY_EMBED_THREADS: '0' })).toThrow(/at least 1/)
  })
})
