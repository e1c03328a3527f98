import { describe, it, expect } from 'vitest'
import { describeProgress, progressNotifier } from './progress-notifier.js'
import type { ServerNotification } from '@modelcontextprotocol/sdk/types.js'

describe('progressNotifier', () => {
  it('is undefined when the request sent no progress token', () => {
    expect(progressNotifier({ sendNotification: async () => {} })).toBeUndefined()
  })

  it('sends increasing progress with a message, throttled', () => {
    const sent: ServerNotification[] = []
    const notify = progressNotifier({ _meta: { progressToken: 't1' }, sendNotification: async n => { sent.push(n) } }, 0)
    notify?.({ type: 'corpora:add:file', path: 'a.md', filesDone: 1, filesTotal: 2, bytesDone: 1, bytesTotal: 2 })
    notify?.({ type: 'indexes:verify:blocks', blocks: 3 })
    notify?.({ type: 'indexes:hnsw:add', done: 5, total: 10 })
    expect(sent).toEqual([
      { method: 'notifications/progress', params: { progressToken: 't1', progress: 1, message: 'importing corpus: 1/2 files' } },
      { method: 'notifications/progress', params: { progressToken: 't1', progress: 2, message: 'building vector index: 5/10' } }
    ])
    const throttled: ServerNotification[] = []
    const slow = progressNotifier({ _meta: { progressToken: 2 }, sendNotification: async n => { throttled.push(n) } }, 60_000)
    for (let i = 0; i < 5; i++) slow?.({ type: 'indexes:embed:batch', done: i, total: 5 })
    expect(throttled).toHaveLength(1)
  })

  it('describes the build phases', () => {
    expect(describeProgress({ type: 'indexes:chunk:document', documents: 3, chunks: 9 })).toBe('chunking: 9 chunks from 3 documents')
    expect(describeProgress({ type: 'indexes:embed:batch', done: 32, total: 64 })).toBe('embedding: 32/64 chunks')
  })
})
