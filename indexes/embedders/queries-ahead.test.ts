import { describe, it, expect } from 'vitest'
import { queriesAhead } from './queries-ahead.js'
import { createUseEmbeddings } from './use-embeddings.js'
import type { Embedder } from '../embedder.js'

const queries = ['storage deals on Filecoin', 'who pays for retrieval', 'sealing a sector', 'storage deals on Filecoin', 'FIL']

/** The real USE embedder, counting its model-facing calls */
function counted (inner: Embedder, withQueries: boolean): Embedder & { calls: number } {
  const e = {
    id: inner.id,
    dimensions: inner.dimensions,
    calls: 0,
    embedDocuments: async (texts: string[]) => { e.calls++; return inner.embedDocuments(texts) },
    embedQuery: async (text: string) => { e.calls++; return inner.embedQuery(text) },
    ...(withQueries ? { embedQueries: async (texts: string[]) => { e.calls++; return inner.embedQueries?.(texts) ?? [] } } : {})
  }
  return e
}

describe('queriesAhead', () => {
  it('embeds prefetched queries in one call, to the bits embedQuery gives each (USE)', async () => {
    const use = await createUseEmbeddings().init()
    const one = await Promise.all(queries.map(async q => use.embedQuery(q)))
    const inner = counted(use, true)
    const ahead = queriesAhead(inner)
    await ahead.prefetch(queries)
    expect(inner.calls).toBe(1)
    const got = await Promise.all(queries.map(async q => ahead.embedQuery(q)))
    expect(got).toEqual(one)
    expect(inner.calls).toBe(1)
    // a query not prefetched goes to the embedder
    await ahead.embedQuery('proof of spacetime')
    expect(inner.calls).toBe(2)
    expect(ahead.id).toBe(use.id)
    expect(ahead.dimensions).toBe(512)
  })

  it('leaves an embedder without embedQueries as it is', async () => {
    const inner = counted(await createUseEmbeddings().init(), false)
    const ahead = queriesAhead(inner)
    await ahead.prefetch(queries)
    expect(inner.calls).toBe(0)
    await ahead.embedQuery(queries[0] as string)
    expect(inner.calls).toBe(1)
  })
})
