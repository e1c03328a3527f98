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
  it('opens through session.openIndex (which shares concurrent opens) and remembers each index once', async () => {
    const { session, calls, finish } = fakeSession()
    const ctx = createToolContext(session, { embedder: 'use' })
    const a = ctx.openIndex()
    const b = ctx.openIndex('filecoin-docs')
    await Promise.resolve()
    expect(calls.map(c => [c.ref, c.embedder])).toEqual([['filecoin-docs', 'use'], ['filecoin-docs', 'use']])
    // one listener object for every call, so a build the session shares reports to the context once
    expect(calls[0]?.onProgress).toBe(calls[1]?.onProgress)
    const idx = index('filecoin-docs')
    finish(0, idx)
    finish(1, idx)
    expect(await a).toBe(idx)
    expect(await b).toBe(idx)
    expect(ctx.openedIndexes()).toEqual([idx])
  })

  it('passes a call\'s signal on, and opens the default reference it is given', async () => {
    const { session, calls, finish } = fakeSession()
    const ctx = createToolContext(session, { defaultRef: 'jfk' })
    const controller = new AbortController()
    const waiting = ctx.openIndex(undefined, { signal: controller.signal })
    await Promise.resolve()
    expect(calls[0]).toMatchObject({ ref: 'jfk', signal: controller.signal })
    ctx.setDefaultRef?.('other')
    expect(ctx.defaultRef?.()).toBe('other')
    finish(0, new Error('no corpus'))
    await expect(waiting).rejects.toThrow('no corpus')
    expect(ctx.openedIndexes()).toHaveLength(0)
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
