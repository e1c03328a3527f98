import { indexProgress } from './index-progress.js'
import type { CliContext } from './context.js'
import type { QuarryIndex } from '../indexes/index.js'

/** Open the index for `--index`/`--corpus`, building it first (with progress on stderr) when the corpus has none */
export async function openIndexFor (ctx: CliContext, opts: { index?: string, corpus?: string, embedder?: string, quiet?: boolean, signal?: AbortSignal }): Promise<QuarryIndex> {
  const progress = indexProgress(opts.quiet === true)
  try {
    return await ctx.openIndex({
      ref: opts.index ?? opts.corpus,
      embedder: opts.embedder,
      onProgress: progress.onProgress,
      onBuild: (ref) => { if (opts.quiet !== true) process.stderr.write(`no index for ${ref} yet: building one (this runs once)\n`) },
      ...(opts.signal != null ? { signal: opts.signal } : {})
    })
  } finally {
    progress.stop()
  }
}
