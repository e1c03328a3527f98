/**
 * Recording which code produced an eval report.
 *
 * @packageDocumentation
 */

import { execFile } from 'node:child_process'

/** Options for {@link gitCommit} */
export interface GitCommitOptions {
  signal?: AbortSignal
}

/**
 * The commit hash of `HEAD` (`git rev-parse HEAD`) in `cwd`, or `undefined`
 * when `cwd` is not inside a git work tree, the repository has no commits yet,
 * or git is not installed. Never throws except on abort.
 *
 * @param cwd - directory to ask in (default: the process's working directory)
 */
export async function gitCommit (cwd?: string, options: GitCommitOptions = {}): Promise<string | undefined> {
  const { signal } = options
  signal?.throwIfAborted()
  return await new Promise<string | undefined>((resolve, reject) => {
    execFile('git', ['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd, signal, timeout: 10_000, windowsHide: true }, (err, stdout) => {
      if (signal?.aborted === true) {
        reject(signal.reason)
        return
      }
      const hash = String(stdout).trim()
      resolve(err === null && /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(hash) ? hash : undefined)
    })
  })
}
