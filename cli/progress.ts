import cliProgress from 'cli-progress'

/** A progress reporter the commands feed with counts */
export interface Progress {
  /** Set the total (shows a bar) or leave undefined (shows a counter) */
  update(done: number, total?: number, label?: string): void
  stop(): void
}

/**
 * A progress bar on stderr when it is a TTY and output is not JSON; silent
 * otherwise, so piped and `--json` output stays clean.
 */
export function createProgress (title: string, options: { quiet?: boolean } = {}): Progress {
  if (options.quiet === true || process.stderr.isTTY !== true) {
    return { update () {}, stop () {} }
  }
  let bar: cliProgress.SingleBar | undefined
  let lastTotal: number | undefined
  return {
    update (done, total, label = '') {
      if (bar == null || total !== lastTotal) {
        bar?.stop()
        const format = total == null
          ? `${title} {value} {label}`
          : `${title} [{bar}] {percentage}% {value}/{total} {label}`
        bar = new cliProgress.SingleBar({ format, stream: process.stderr, hideCursor: true, clearOnComplete: true, etaBuffer: 50 }, cliProgress.Presets.shades_classic)
        bar.start(total ?? 0, done, { label })
        lastTotal = total
      }
      bar.update(done, { label: label.length > 40 ? '…' + label.slice(-39) : label })
    },
    stop () {
      bar?.stop()
      bar = undefined
    }
  }
}
