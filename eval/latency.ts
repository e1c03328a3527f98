/**
 * Timing one step of an eval run.
 *
 * @packageDocumentation
 */

import { performance } from 'node:perf_hooks'

/** A value and how long it took to produce */
export interface Timed<T> {
  value: T
  /** Wall-clock milliseconds (monotonic clock) */
  ms: number
}

/**
 * Runs `fn` and measures its wall-clock time with the monotonic clock
 * (`performance.now()`). If `fn` throws, the error propagates unchanged.
 */
export async function timed<T> (fn: () => T | Promise<T>): Promise<Timed<T>> {
  const start = performance.now()
  const value = await fn()
  return { value, ms: performance.now() - start }
}
