import { describe, it, expect } from 'vitest'
import { createToolContext } from './tool-context.js'
import type { IndexProgressEvent, QuarryIndex } from '../indexes/index.js'
import type { OpenIndexOptions, QuarrySession } from '../session/index.js'

/** A session double whose openIndex resolves when the test says so (plumbing only) */
function fakeSession (): { session: QuarrySession, calls: OpenIndexOptions[], finish: (i: number, value: QuarryIndex | Error) => void } {
  const calls: OpenIndexOptions[] = []
  const settle: Array<(v: QuarryIndex | Error) => void> = []
  const session = {
    defaultCorpus: 'filecoin-docs',
    async openIndex (opts: OpenIndexOptions = {}) {
      calls.push(opts)
      return new Promise<QuarryIndex>((resolve, reject) => settle.push(v => v instanceof Error ? reject(v) : resolve(v)))
    }
  } as unknown as QuarrySession
  return { session, calls, finish: (i, v) => settle[i]?.(v) }
}

const index = (name: string): QuarryIndex => ({ chunks: [], manifest: { corpusCid: name } } as unknown as QuarryIndex)

describe('createToolContext', () => {
  it('shares one open/build between concurrent calls and remembers the result', async () => {
    const { session, calls, finish } = fakeSession()
    const ctx = createToolContext(session)
    const a = ctx.openIndex()
    const b = ctx.openIndex('filecoin-docs')
    await Promise.resolve()
    expect(calls).toHaveLength(1)
    expect(calls[0]?.ref).toBe('filecoin-docs')
    const idx = index('filecoin-docs')
    finish(0, idx)
    expect(await a).toBe(idx)
    expect(await b).toBe(idx)
    expect(await ctx.openIndex()).toBe(idx)
    expect(calls).toHaveLength(1)
    expect(ctx.openedIndexes()).toEqual([idx])
  })

  it('lets an aborted call stop waiting without cancelling the shared open', async () => {
    const { session, calls, finish } = fakeSession()
    const ctx = createToolContext(session)
    const controller = new AbortController()
    const waiting = ctx.openIndex('x', { signal: controller.signal })
    const other = ctx.openIndex('x')
    controller.abort(new Error('client went away'))
    await expect(waiting).rejects.toThrow('client went away')
    finish(0, index('x'))
    expect((await other).manifest.corpusCid).toBe('x')
    expect(calls).toHaveLength(1)
  })

  it('forgets a failed open so the next call retries', async () => {
    const { session, calls, finish } = fakeSession()
    const ctx = createToolContext(session)
    const first = ctx.openIndex('y')
    await Promise.resolve()
    finish(0, new Error('no corpus'))
    await expect(first).rejects.toThrow('no corpus')
    const second = ctx.openIndex('y')
    await Promise.resolve()
    expect(calls).toHaveLength(2)
    finish(1, index('y'))
    expect(ctx.openedIndexes()).toHaveLength(0)
    await second
    expect(ctx.openedIndexes()).toHaveLength(1)
  })

  it('forwards build progress to the context and to each waiting call', async () => {
    const { session, calls, finish } = fakeSession()
    const seen: string[] = []
    const ctx = createToolContext(session, { onProgress: e => seen.push(`ctx:${e.type}`) })
    const waiting = ctx.openIndex(undefined, { onProgress: e => seen.push(`call:${e.type}`) })
    await Promise.resolve()
    const event: IndexProgressEvent = { type: 'indexes:hnsw:add', done: 1, total: 2 }
    calls[0]?.onProgress?.(event)
    finish(0, index('filecoin-docs'))
    await waiting
    calls[0]?.onProgress?.(event)
    expect(seen).toEqual(['ctx:indexes:hnsw:add', 'call:indexes:hnsw:add', 'ctx:indexes:hnsw:add'])
  })
})
