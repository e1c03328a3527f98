import { describe, expect, it } from 'vitest'
import { BackgroundTasks } from './background-tasks.js'

/** Work that resolves with `value` unless its signal aborts first */
const until = (value: string) => async (signal: AbortSignal): Promise<string> => new Promise((resolve, reject) => {
  const timer = setTimeout(() => resolve(value), 50)
  signal.addEventListener('abort', () => { clearTimeout(timer); reject(signal.reason) }, { once: true })
})

describe('BackgroundTasks', () => {
  it('runs one task per key and shares it with later callers', async () => {
    const tasks = new BackgroundTasks<string, string>()
    let started = 0
    const work = async (signal: AbortSignal): Promise<string> => { started++; return until('done')(signal) }
    const [a, b, c] = await Promise.all([tasks.run('k', work), tasks.run('k', work), tasks.run('other', work)])
    expect([a, b, c, started]).toEqual(['done', 'done', 'done', 2])
    expect(await tasks.run('k', work)).toBe('done')
    expect(started).toBe(3)
  })

  it('stop aborts every running task and waits for them; a caller\'s signal aborts its task', async () => {
    const tasks = new BackgroundTasks<string, string>()
    const running = tasks.run('k', until('never'))
    await tasks.stop()
    await expect(running).rejects.toMatchObject({ name: 'AbortError' })
    const controller = new AbortController()
    const mine = tasks.run('j', until('never'), controller.signal)
    controller.abort(new Error('caller gave up'))
    await expect(mine).rejects.toThrow('caller gave up')
    expect(await tasks.run('j', until('again'))).toBe('again')
  })
})
