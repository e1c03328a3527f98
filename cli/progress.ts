import { DEFAULT_PROGRESS_INTERVAL_MS } from '../session/index.js'
import { formatDuration, progressRate } from './progress-rate.js'

/** A progress reporter the commands feed with counts */
export interface Progress {
  /** Set the total (shows a bar) or leave undefined (shows a counter) */
  update(done: number, total?: number, label?: string): void
  stop(): void
}

/** Where progress goes and how often plain lines are written */
export interface ProgressOptions {
  /** Print nothing at all. @default false */
  quiet?: boolean
  /** The stream written to. @default process.stderr */
  stream?: { write(text: string): unknown, isTTY?: boolean }
  /** Draw a redrawn bar (a terminal) instead of plain lines. @default `stream.isTTY === true` */
  tty?: boolean
  /** Milliseconds between plain lines when not on a terminal (commands pass the settings' `progressIntervalMs`). @default {@link DEFAULT_PROGRESS_INTERVAL_MS} */
  intervalMs?: number
  /** What is counted, e.g. `chunks`. @default '' */
  unit?: string
  /** The clock (tests pass a fake one). @default Date.now */
  now?: () => number
}

/**
 * Progress for a long job on stderr: what is being done, how far, the rate
 * and the ETA. On a terminal it is one redrawn bar line; otherwise (a pipe, a
 * log file, CI) it is a plain line when the job starts, then at most one every
 * `intervalMs`, and a last line when it stops. `quiet` prints nothing.
 */
export function createProgress (title: string, options: ProgressOptions = {}): Progress {
  if (options.quiet === true) return { update () {}, stop () {} }
  const stream = options.stream ?? process.stderr
  const tty = options.tty ?? stream.isTTY === true
  const now = options.now ?? Date.now
  const intervalMs = options.intervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS
  const unit = options.unit ?? ''
  const rate = progressRate(now)
  let last: { done: number, total?: number, label: string } | undefined
  let lastLineAt = -Infinity
  let drawn = false

  const line = (final: boolean): string => {
    if (last == null) return ''
    const { done, total, label } = last
    const count = total == null ? `${done}` : `${done}/${total}`
    const pct = total != null && total > 0 ? ` (${(100 * done / total).toFixed(1)}%)` : ''
    const what = [count + (unit === '' ? '' : ` ${unit}`) + pct, label].filter(s => s !== '').join(' ')
    const r = rate.perSecond()
    const parts = [`${title}: ${what}`]
    if (final) {
      parts.push(`done in ${formatDuration(rate.elapsedMs())}`)
      if (r != null) parts.push(`${r.toFixed(1)}/s`)
    } else {
      if (r != null) parts.push(`${r.toFixed(r < 10 ? 1 : 0)}/s`)
      const eta = total != null && r != null && r > 0 ? (total - done) / r * 1000 : undefined
      if (eta != null) parts.push(`ETA ${formatDuration(eta)}`)
    }
    return parts.join(' · ')
  }

  return {
    update (done, total, label = '') {
      rate.add(done)
      last = { done, ...(total == null ? {} : { total }), label: label.length > 40 ? '…' + label.slice(-39) : label }
      const t = now()
      if (tty) {
        if (t - lastLineAt < 100) return
        lastLineAt = t
        const text = line(false)
        const cols = (stream as { columns?: number }).columns ?? 100
        stream.write(`\r${text.slice(0, cols - 1)}\x1b[K`)
        drawn = true
        return
      }
      if (t - lastLineAt >= intervalMs) {
        lastLineAt = t
        stream.write(line(false) + '\n')
      }
    },
    stop () {
      if (last == null) return
      if (tty) {
        if (drawn) stream.write('\r\x1b[K')
      } else {
        stream.write(line(true) + '\n')
      }
      last = undefined
      drawn = false
    }
  }
}
