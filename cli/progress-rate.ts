/** Measures how fast a count grows (for progress rates and ETAs) */
export interface ProgressRate {
  /** Record the count now */
  add(done: number): void
  /** Items per second since the first count, or undefined before there is a rate */
  perSecond(): number | undefined
  /** Milliseconds since the first count */
  elapsedMs(): number
}

/**
 * A rate over the whole job so far: (latest count − first count) / time. The
 * first count is the baseline, so work that was already done when the job
 * started (e.g. embeddings reused from a cache) does not inflate the rate.
 */
export function progressRate (now: () => number = Date.now): ProgressRate {
  let first: { t: number, done: number } | undefined
  let latest: { t: number, done: number } | undefined
  return {
    add (done) {
      const t = now()
      first ??= { t, done }
      latest = { t, done }
    },
    perSecond () {
      if (first == null || latest == null || latest.t - first.t < 500 || latest.done <= first.done) return undefined
      return (latest.done - first.done) / ((latest.t - first.t) / 1000)
    },
    elapsedMs () {
      return first == null ? 0 : now() - first.t
    }
  }
}

/** `1h02m`, `3m05s`, `12s` */
export function formatDuration (ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`
}
