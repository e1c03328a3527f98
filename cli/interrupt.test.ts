import { EventEmitter } from 'node:events'
import { describe, it, expect } from 'vitest'
import { onInterrupt } from './interrupt.js'

describe('onInterrupt', () => {
  it('aborts at the first Ctrl-C with an InterruptedError, forces at the second, and detaches', () => {
    const target = new EventEmitter()
    let out = ''
    let forced = 0
    const i = onInterrupt({ target: target as any, stream: { write: (t: string) => { out += t } }, onForce: () => { forced++ } })
    expect(i.signal.aborted).toBe(false)
    target.emit('SIGINT')
    expect(i.signal.aborted).toBe(true)
    expect((i.signal.reason as Error).name).toBe('InterruptedError')
    expect(out).toContain('Ctrl-C again')
    expect(forced).toBe(0)
    target.emit('SIGINT')
    expect(forced).toBe(1)
    i.dispose()
    expect(target.listenerCount('SIGINT')).toBe(0)
  })
})
