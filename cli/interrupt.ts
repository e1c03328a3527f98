import { setMaxListeners } from 'node:events'
import { InterruptedError } from './errors.js'

/** A Ctrl-C handler for one command */
export interface Interrupt {
  /** Aborted at the first Ctrl-C, with an {@link InterruptedError} as the reason */
  signal: AbortSignal
  /** Remove the handler */
  dispose(): void
}

/** What {@link onInterrupt} listens on and writes to (tests pass their own) */
export interface InterruptOptions {
  /** @default process */
  target?: Pick<NodeJS.Process, 'on' | 'off'>
  /** @default process.stderr */
  stream?: { write(text: string): unknown }
  /** Called at the second Ctrl-C. @default exit with status 130 at once */
  onForce?: () => void
}

/**
 * Stop a command at the first Ctrl-C: the signal aborts, the command stops
 * between units of work (an embedding batch, a file) and keeps what it has
 * (the embedding cache is flushed after every batch, so a rerun resumes). A
 * second Ctrl-C exits at once.
 */
export function onInterrupt (options: InterruptOptions = {}): Interrupt {
  const target = options.target ?? process
  const stream = options.stream ?? process.stderr
  const controller = new AbortController()
  // one signal is passed down to every step of a command (each file, each batch)
  setMaxListeners(Infinity, controller.signal)
  const handler = (): void => {
    if (!controller.signal.aborted) {
      stream.write('\nstopping at the next safe point (work done so far is kept; Ctrl-C again to quit now)\n')
      controller.abort(new InterruptedError('interrupted by Ctrl-C; run the same command again to resume'))
      return
    }
    if (options.onForce != null) options.onForce()
    else process.exit(130)
  }
  target.on('SIGINT', handler)
  return {
    signal: controller.signal,
    dispose () { target.off('SIGINT', handler) }
  }
}
