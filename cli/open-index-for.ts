import { indexProgress } from './index-progress.js'
import { IndexNotVerifiedError } from './errors.js'
import type { CliContext } from './context.js'
import type { DenseBuild, QuarryIndex } from '../indexes/index.js'

/** Options for {@link openIndexFor} */
export interface OpenIndexForOptions {
  index?: string
  corpus?: string
  embedder?: string
  quiet?: boolean
  /** Postgres store URL (`--store`); default: the settings' `QUARRY_STORE` */
  store?: string
  signal?: AbortSignal
  /** What to build when the corpus has no index: `'none'` is a lexical-only index in seconds. @default 'all' */
  dense?: DenseBuild
  /** Give up fetching an index CID this home lacks after this many milliseconds (`--timeout`) */
  fetchTimeoutMs?: number
  /** `--verify-index [sample]`: verify the index before use (true: every vector; a number string: a seeded sample) */
  verifyIndex?: boolean | string
}

/** Open the index for `--index`/`--corpus`, building it first (with progress on stderr) when the corpus has none */
export async function openIndexFor (ctx: CliContext, opts: OpenIndexForOptions): Promise<QuarryIndex> {
  const progress = indexProgress(opts.quiet === true, { intervalMs: ctx.settings.progressIntervalMs })
  const lexicalOnly = opts.dense === 'none'
  try {
    const index = await ctx.openIndex({
      ref: opts.index ?? opts.corpus,
      ...((opts.store ?? ctx.settings.store) != null ? { store: opts.store ?? ctx.settings.store } : {}),
      embedder: opts.embedder,
      onProgress: progress.onProgress,
      onBuild: (ref) => {
        if (opts.quiet === true) return
        process.stderr.write(lexicalOnly
          ? `no index for ${ref} yet: building its lexical index now (seconds); \`quarry index build ${ref}\` adds dense embeddings\n`
          : `no index for ${ref} yet: building one (this runs once)\n`)
      },
      ...(opts.signal != null ? { signal: opts.signal } : {}),
      ...(opts.dense != null ? { dense: opts.dense } : {}),
      ...(opts.fetchTimeoutMs != null ? { fetchTimeoutMs: opts.fetchTimeoutMs } : {})
    })
    if (opts.verifyIndex !== undefined && opts.verifyIndex !== false) await requireVerified(ctx, index, opts.verifyIndex, opts)
    return index
  } finally {
    progress.stop()
  }
}

/** `--verify-index`: re-derive the index from its corpus; throw {@link IndexNotVerifiedError} unless it verifies */
async function requireVerified (ctx: CliContext, index: QuarryIndex, sample: true | string, opts: OpenIndexForOptions): Promise<void> {
  const cid = index.cid?.toString()
  if (cid == null) throw new IndexNotVerifiedError('--verify-index needs a pinned index (one with a CID)', 2)
  const n = sample === true ? undefined : Number(sample)
  if (n !== undefined && (!Number.isInteger(n) || n < 1)) throw new Error(`--verify-index takes a sample size ≥ 1, got "${String(sample)}"`)
  const [{ verifyIndexRef }, { formatIndexVerification, verifyExitCode }] = await Promise.all([import('../session/index.js'), import('./index-verify-command.js')])
  if (opts.quiet !== true) process.stderr.write(`verifying index ${cid} against its corpus${n !== undefined ? ` (a sample of ${n} vectors)` : ''}…\n`)
  const v = await verifyIndexRef(ctx, cid, { ...(n !== undefined ? { sample: n } : {}), ...(opts.signal != null ? { signal: opts.signal } : {}) })
  const code = verifyExitCode(v.verdict)
  if (code === 0) {
    if (opts.quiet !== true) process.stderr.write(`index ${cid} verified (${(v.ms / 1000).toFixed(1)} s)\n`)
    return
  }
  const last = formatIndexVerification(v).trim().split('\n').at(-1) ?? ''
  throw new IndexNotVerifiedError(`refusing index ${cid}: ${last.replace(/^[✗?] /, '')} (\`quarry index verify ${cid}\` prints the report)`, code)
}

/**
 * A note for stderr when an index is not fully embedded (empty when it is):
 * what the search used and how to embed the rest.
 */
export function partialIndexNote (index: QuarryIndex, ref?: string): string {
  const total = index.chunks.length
  if (index.embedded >= total) return ''
  const name = ref ?? index.manifest.corpusCid
  const what = index.embedded === 0
    ? 'searched the lexical (BM25) index only: no chunk is embedded yet'
    : `dense search covered ${index.embedded} of ${total} embedded chunks (${(100 * index.embedded / total).toFixed(0)}%)`
  return `note: ${what}; \`quarry index build ${name}\` embeds the rest (resumable), \`quarry chat\` and \`quarry mcp\` embed in the background\n`
}
