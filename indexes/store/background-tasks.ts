/**
 * Long-running tasks keyed by what they work on (an open index being
 * embedded): one task per key at a time, each abortable, all stopped together.
 */
export class BackgroundTasks<K, T> {
  readonly #running = new Map<K, { controller: AbortController, task: Promise<T> }>()

  /** Run `work` for `key` unless a task for it runs already (then share that one); `signal` also aborts it */
  async run (key: K, work: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const already = this.#running.get(key)
    if (already != null) return already.task
    const controller = new AbortController()
    const task = work(signal == null ? controller.signal : AbortSignal.any([signal, controller.signal]))
    this.#running.set(key, { controller, task })
    try {
      return await task
    } finally {
      this.#running.delete(key)
    }
  }

  /** Abort every running task and wait until each has settled */
  async stop (): Promise<void> {
    const all = [...this.#running.values()]
    for (const r of all) r.controller.abort()
    await Promise.all(all.map(async r => r.task.catch(() => {})))
  }
}
