import { setTimeout as sleep } from 'node:timers/promises'
import { describe, it, expect } from 'vitest'
import { timed } from './latency.js'

describe('timed', () => {
  it('returns the value and a non-negative duration that covers the awaited work', async () => {
    const { value, ms } = await timed(async () => { await sleep(20); return 42 })
    expect(value).toBe(42)
    expect(ms).toBeGreaterThanOrEqual(15)
    const sync = await timed(() => 'x')
    expect(sync.value).toBe('x')
    expect(sync.ms).toBeGreaterThanOrEqual(0)
  })

  it('lets errors through', async () => {
    await expect(timed(() => { throw new Error('nope') })).rejects.toThrow('nope')
  })
})
