import { setMaxListeners } from 'node:events'

/** One round of requests: their signal (the caller's and the round's own), and whether a stall ended it */
export interface StallRound {
  signal: AbortSignal
  /** Whether a stall ended this round (its requests are to be made again), as opposed to the caller's abort */
  stalled(): boolean
}

/** Requests in rounds, watched for stalls (see {@link watchStalls}) */
export interface StallWatch {
  /** The round a request made now joins */
  round(): StallRound
  /** Say that something arrived: the wait starts again */
  arrived(): void
  /** Stop watching */
  stop(): void
}

/**
 * Watch requests for a stall: when `waiting()` holds and nothing has arrived
 * for `stallMs`, the current round is aborted (its requests are to be made
 * again) and a new one begins; the wait doubles after each stall, so a
 * source that is slow but sending is not cut off again and again. Each
 * round's signal also follows `outer`, the caller's. `onStall` is told of
 * each stall (to open fresh connections to the sources, say).
 */
export function watchStalls (outer: AbortSignal | undefined, stallMs: number, waiting: () => boolean, onStall?: () => void): StallWatch {
  let wait = stallMs
  let current = newRound(outer)
  let last = Date.now()
  const timer = setInterval(() => {
    if (!waiting() || Date.now() - last < wait) return
    last = Date.now()
    wait *= 2
    current.abort()
    current = newRound(outer)
    onStall?.()
  }, Math.max(10, Math.min(1000, stallMs / 4)))
  return { round: () => current, arrived: () => { last = Date.now() }, stop: () => { clearInterval(timer) } }
}

function newRound (outer: AbortSignal | undefined): StallRound & { abort(): void } {
  const own = new AbortController()
  setMaxListeners(Infinity, own.signal)
  const signal = outer == null ? own.signal : AbortSignal.any([outer, own.signal])
  setMaxListeners(Infinity, signal)
  return { signal, abort: () => { own.abort(new Error('nothing arrived in time: wanted again')) }, stalled: () => own.signal.aborted }
}
