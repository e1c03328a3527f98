import { Command } from 'commander'
import { VECTOR_TOLERANCE, type ChunkRef, type IndexVerification } from '../indexes/index.js'
import { verifyIndexRef } from '../session/index.js'
import { withNode, type GlobalOptions } from './context.js'
import { printJson, table } from './format.js'
import { indexProgress } from './index-progress.js'
import { sharedOption } from './options.js'
import { stripTerminalControls } from './strip-terminal-controls.js'

/** Exit code of `quarry index verify` for a verdict: 0 verified, 1 something differs, 2 could not check */
export function verifyExitCode (verdict: IndexVerification['verdict']): 0 | 1 | 2 {
  return verdict === 'verified' ? 0 : verdict === 'differs' ? 1 : 2
}

/** How to supply what an unchecked verification lacked, by what it lacked */
function howToSupply (line: string, cid: string): string {
  if (line.startsWith('index:')) return `${line}; fetch it (\`quarry index fetch ${cid} --gateway <url>\`) or pass --gateway/--peer`
  if (line.startsWith('corpus:')) return `${line}; add it (\`quarry corpus add <folder>\`, \`quarry corpus fetch <cid> --gateway <url>\`) or pass --gateway/--peer`
  if (line.startsWith('embedder:')) return `${line}; configure that embedder (see .env.example: QUARRY_EMBED_*)`
  return line
}

const ref = (c: ChunkRef): string => `#${c.id} ${stripTerminalControls(c.path)} [${c.byteStart}, ${c.byteEnd}) ${c.chunkCid}`

/** Render an index verification: one row per check, then what differs, then one verdict line */
export function formatIndexVerification (v: IndexVerification): string {
  const mark = { ok: '✓ ok', differs: '✗ DIFFERS', unchecked: '? unchecked' } as const
  const lines = [`index ${v.indexCid}`, `corpus ${v.corpusCid || '(unknown)'}`, '']
  if (v.checks.length > 0) lines.push(table(['check', 'result', 'ms', 'detail'], v.checks.map(c => [c.name, mark[c.status], String(c.ms), stripTerminalControls(c.detail)])))
  const list = (title: string, items: string[], max = 10): void => {
    if (items.length === 0) return
    lines.push('', `${title}:`, ...items.slice(0, max).map(i => `  - ${i}`))
    if (items.length > max) lines.push(`  … and ${items.length - max} more (--json lists them all)`)
  }
  if (v.chunks != null) {
    list('chunks in the index that the corpus does not give', v.chunks.extra.map(ref))
    list('chunks the corpus gives that the index lacks', v.chunks.missing.map(ref))
    list('chunks altered', v.chunks.altered.map(a => `${ref(a.pinned)} (${a.fields.join(', ')} differ; the corpus gives ${ref(a.expected)})`))
  }
  list('manifest', v.manifest ?? [])
  list('lexical statistics', (v.lexical ?? []).map(stripTerminalControls))
  list('vectors off tolerance', (v.vectors?.offTolerance ?? []).map(o => `${ref(o)}: ${o.maxDiff.toExponential(2)}`))
  list('fusion', v.fusion ?? [])
  const failed = v.checks.filter(c => c.status === 'differs').map(c => c.name)
  lines.push('')
  if (v.verdict === 'verified') lines.push(`✓ index verified: it is what its corpus and manifest give (${(v.ms / 1000).toFixed(1)} s)`)
  else if (v.verdict === 'differs') lines.push(`✗ index differs from what its corpus and manifest give: ${failed.join(', ')}`)
  else lines.push(`? could not check everything: ${(v.missing ?? []).map(m => howToSupply(m, v.indexCid)).join(' — ') || v.checks.filter(c => c.status === 'unchecked').map(c => `${c.name}: ${c.detail}`).join('; ')}`)
  return lines.join('\n') + '\n'
}

/** `quarry index verify <index>` */
export function indexVerifyCommand (): Command {
  return new Command('verify')
    .description('re-derive an index from its corpus and manifest and compare: chunks, BM25 statistics, HNSW graph and fusion bit-exact, vectors re-embedded within a tolerance (exit 0 verified, 1 something differs, 2 could not check)')
    .argument('<index>', 'index CID, or a corpus name (its newest index)')
    .option('--sample <n>', 're-embed a seeded random sample of n vectors instead of all of them')
    .option('--seed <n>', 'seed of the --sample draw', '1')
    .option('--tolerance <x>', 'largest difference allowed per component of a unit vector', String(VECTOR_TOLERANCE))
    .addOption(sharedOption('json', 'print the report as JSON'))
    .action(async (indexRef: string, opts: { sample?: string, seed: string, tolerance: string, json?: boolean }, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>()
      const number = (flag: string, value: string, min: number): number => {
        const n = Number(value)
        if (!Number.isFinite(n) || n < min) throw new Error(`${flag} must be a number ≥ ${min}, got "${value}"`)
        return n
      }
      const sample = opts.sample !== undefined ? Math.floor(number('--sample', opts.sample, 1)) : undefined
      const seed = Math.floor(number('--seed', opts.seed, 0))
      const tolerance = number('--tolerance', opts.tolerance, 0)
      await withNode(g, async (ctx, signal) => {
        // progress on stderr, also with --json (stdout carries only the report)
        const progress = indexProgress(false, { intervalMs: ctx.settings.progressIntervalMs })
        let v: IndexVerification
        try {
          v = await verifyIndexRef(ctx, indexRef, {
            ...(sample !== undefined ? { sample } : {}),
            seed,
            tolerance,
            signal,
            onProgress: (e) => {
              if (e.type === 'indexes:verify:check') {
                progress.stop()
                process.stderr.write(`checking ${e.check}…\n`)
              } else {
                progress.onProgress(e)
              }
            }
          })
        } finally {
          progress.stop()
        }
        if (opts.json === true) printJson(v)
        else process.stdout.write(formatIndexVerification(v))
        process.exitCode = verifyExitCode(v.verdict)
      })
    })
}
