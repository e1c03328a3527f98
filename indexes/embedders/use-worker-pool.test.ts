import { describe, it, expect } from 'vitest'
import { createUseWorkerPool, isSharedUseWorkerPoolRunning, withSharedUseWorkerPool } from './use-worker-pool.js'

describe('createUseWorkerPool', () => {
  it('runs batches on separate workers and answers each with its own vectors', async () => {
    const pool = createUseWorkerPool(2)
    try {
      expect(pool.size).toBe(2)
      const [a, b, c] = await Promise.all([pool.embed(['storage deal']), pool.embed(['retrieval', 'market']), pool.embed(['storage deal'])])
      expect(a).toHaveLength(1)
      expect(b).toHaveLength(2)
      expect(a?.[0]).toHaveLength(512)
      expect(c).toEqual(a)
      expect(b?.[0]).not.toEqual(a?.[0])
    } finally {
      await pool.close()
    }
  })

  it('rejects work after close with a clear error', async () => {
    const pool = createUseWorkerPool(1)
    await pool.close()
    await expect(pool.embed(['x'])).rejects.toThrow(/pool is closed/)
  })
})


describe('withSharedUseWorkerPool', () => {
  it('shares one pool per size and stops it once idle', async () => {
    const size = 3 // a size no other test in this file uses
    const [a, b] = await Promise.all([
      withSharedUseWorkerPool(size, 50, async pool => ({ pool, vectors: await pool.embed(['storage deal']) })),
      withSharedUseWorkerPool(size, 50, async pool => ({ pool, vectors: await pool.embed(['retrieval']) }))
    ])
    expect(a.pool).toBe(b.pool)
    expect(a.vectors[0]).toHaveLength(512)
    expect(isSharedUseWorkerPoolRunning(size)).toBe(true)
    await new Promise(resolve => setTimeout(resolve, 300))
    expect(isSharedUseWorkerPoolRunning(size)).toBe(false)
    // and starts again on demand
    const again = await withSharedUseWorkerPool(size, 50, async pool => pool.embed(['storage deal']))
    expect(again).toEqual(a.vectors)
  })
})
