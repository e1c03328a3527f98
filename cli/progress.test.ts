import { describe, it, expect } from 'vitest'
import { createProgress } from './progress.js'
import { formatDuration } from './progress-rate.js'
import { indexProgress } from './index-progress.js'

function fakeStream (isTTY = false): { write: (t: string) => void, isTTY: boolean, text: () => string } {
  let out = ''
  return { write: (t: string) => { out += t }, isTTY, text: () => out }
}

describe('createProgress on a stream that is not a terminal', () => {
  it('prints a plain line at the start, at most one per interval, and a summary at the end', () => {
    let t = 0
    const stream = fakeStream()
    const p = createProgress('embedding', { stream, intervalMs: 10_000, unit: 'chunks', now: () => t })
    p.update(100, 1000) // 100 already done (e.g. from the cache): the rate starts here
    t = 5_000; p.update(150, 1000) // inside the interval: no line
    t = 10_000; p.update(200, 1000)
    t = 15_000; p.update(250, 1000)
    t = 20_000; p.update(300, 1000)
    t = 25_000; p.stop()
    const lines = stream.text().split('\n').filter(l => l !== '')
    expect(lines).toEqual([
      'embedding: 100/1000 chunks (10.0%)',
      'embedding: 200/1000 chunks (20.0%) · 10/s · ETA 1m20s',
      'embedding: 300/1000 chunks (30.0%) · 10/s · ETA 1m10s',
      'embedding: 300/1000 chunks (30.0%) · done in 25s · 10.0/s'
    ])
    expect(stream.text()).not.toContain('\r')
  })

  it('counts without a total and prints nothing when quiet', () => {
    let t = 0
    const stream = fakeStream()
    const p = createProgress('chunking', { stream, intervalMs: 1000, unit: 'chunks', now: () => t })
    p.update(10, undefined, 'from 2 documents')
    t = 2000; p.update(30, undefined, 'from 5 documents')
    p.stop()
    expect(stream.text()).toContain('chunking: 10 chunks from 2 documents\n')
    expect(stream.text()).toContain('chunking: 30 chunks from 5 documents · 10/s')
    const quiet = fakeStream()
    const q = createProgress('x', { stream: quiet, quiet: true })
    q.update(1, 2); q.stop()
    expect(quiet.text()).toBe('')
  })

  it('draws one redrawn line on a terminal and clears it at the end', () => {
    let t = 0
    const stream = fakeStream(true)
    const p = createProgress('hnsw', { stream, unit: 'vectors', now: () => t })
    p.update(0, 10)
    t = 1000; p.update(5, 10)
    p.stop()
    expect(stream.text()).toMatch(/^\rhnsw: 0\/10 vectors \(0\.0%\)\x1b\[K\rhnsw: 5\/10 vectors \(50\.0%\) · 5\.0\/s · ETA 1s\x1b\[K\r\x1b\[K$/)
  })
})

describe('indexProgress', () => {
  it('names each phase of a build in plain lines', () => {
    const stream = fakeStream()
    const p = indexProgress(false, { stream, intervalMs: 0 })
    p.onProgress({ type: 'indexes:chunk:document', documents: 3, chunks: 40 })
    p.onProgress({ type: 'indexes:embed:batch', done: 20, total: 40 })
    p.onProgress({ type: 'indexes:embed:batch', done: 40, total: 40 })
    p.stop()
    const text = stream.text()
    expect(text).toContain('chunking: 40 chunks from 3 documents\n')
    expect(text).toContain('embedding: 20/40 chunks (50.0%)\n')
    expect(text).toMatch(/embedding: 40\/40 chunks \(100\.0%\) · done in \d+s\n$/)
  })
})

describe('formatDuration', () => {
  it('formats seconds, minutes and hours', () => {
    expect(formatDuration(12_400)).toBe('12s')
    expect(formatDuration(185_000)).toBe('3m05s')
    expect(formatDuration(3_720_000)).toBe('1h02m')
  })
})
