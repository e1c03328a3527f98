import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Command } from 'commander'
import { cliSettings, collect, positiveInt, unitShare, withNode, type GlobalOptions } from './context.js'
import { printJson } from './format.js'
import { indexProgress } from './index-progress.js'
import { createProgress } from './progress.js'
import { SEARCH_MODES, type SearchMode } from '../indexes/index.js'
import { answerSettingsFlags, createChatModel, llmSettings, type AnswerFlags, type LlmSettings } from './llm-options.js'
import { LLM_OPTIONS, sharedOption } from './options.js'
import { searchMode as parseSearchMode } from './search-command.js'
import type { AnswerMode } from '../agent/index.js'
import type { EvalReport } from '../eval/index.js'
import type { QuarrySettings } from '../session/index.js'
const EXPORTS = ['ragas', 'deepeval', 'promptfoo'] as const

interface OutputOptions { out?: string, json?: boolean }

/** `quarry eval`: retrieval (BEIR) and answer-quality (QA set) evals, with JSON, Markdown and HTML reports */
export function evalCommand (): Command {
  const cmd = new Command('eval').description('measure retrieval (BEIR datasets) and answer quality (QA sets); writes results.json, summary.md and report.html')

  cmd.command('retrieval')
    .description('rank a BEIR dataset\'s corpus for its queries and report nDCG@10, recall@10/@100 and MRR@10 per search mode')
    .requiredOption('--beir <folder>', 'BEIR dataset folder (corpus.jsonl, queries.jsonl, qrels/<split>.tsv)')
    .option('--split <name>', 'qrels split', 'test')
    .option('--mode <modes>', 'dense | lexical | hybrid | all, or a comma-separated list', 'all')
    .addOption(sharedOption('embedder'))
    .option('--limit <n>', 'evaluate only the first N judged queries')
    .addOption(sharedOption('k', 'cut-off of nDCG, MRR and the first recall', '10'))
    .option('--depth <n>', 'documents ranked per query', '100')
    .option('--chunk-size <chars>', 'chunk size of the index built for the corpus', '4000')
    .option('--rebuild', 'build a new index even if a matching one exists')
    .option('--tune', 'first choose the index\'s fusion weight on this split\'s labelled queries (use --split train), pin it as a new index (the corpus\'s newest), then evaluate it')
    .option('--out <dir>', 'report folder (default: ./quarry-eval/<timestamp>)')
    .addOption(sharedOption('json', 'print the report as JSON instead of the Markdown summary'))
    .action(async (opts: OutputOptions & { beir: string, split: string, mode: string, embedder?: string, limit?: string, k: string, depth: string, chunkSize: string, rebuild?: boolean, tune?: boolean }, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>()
      const modes = parseSearchModes(opts.mode)
      const k = positiveInt('-k', opts.k)
      const depth = positiveInt('--depth', opts.depth)
      const chunkSize = positiveInt('--chunk-size', opts.chunkSize)
      const limit = opts.limit === undefined ? undefined : positiveInt('--limit', opts.limit)
      const { loadBeirDataset, runRetrievalEval } = await import('../eval/index.js')
      const dataset = await loadBeirDataset(opts.beir, { split: opts.split, ...(limit === undefined ? {} : { limit }) })
      await withNode(g, async (ctx) => {
        const intervalMs = ctx.settings.progressIntervalMs
        const build = indexProgress(opts.json === true, { intervalMs })
        let bar = createProgress('', { quiet: true })
        let phase = ''
        try {
          const report = await runRetrievalEval({
            session: ctx,
            dataset,
            corpusSource: opts.beir,
            modes,
            k,
            depth,
            chunk: { chunkSize },
            ...(opts.embedder === undefined ? {} : { embedder: opts.embedder }),
            rebuild: opts.rebuild === true,
            tune: opts.tune === true,
            onProgress: (e) => {
              if (e.type === 'eval:index:ready') return build.stop()
              if (e.type === 'eval:tune:done') {
                bar.stop()
                return process.stderr.write(`tuned index ${e.indexCid}: dense weight ${e.denseWeight}\n`)
              }
              if (e.type !== 'eval:retrieval:query' && e.type !== 'eval:tune:query') return build.onProgress(e)
              const name = e.type === 'eval:tune:query' ? 'tuning fusion' : `${e.mode} queries`
              if (phase !== name) {
                bar.stop()
                phase = name
                bar = createProgress(name, { quiet: opts.json === true, intervalMs })
              }
              bar.update(e.done, e.total)
            }
          })
          bar.stop()
          await emit(report, opts, [])
        } finally {
          build.stop()
          bar.stop()
        }
      })
    })

  const qa = cmd.command('qa')
    .description('answer a QA set (JSONL: question, answer?, relevant[]) and report relevant-source citation, citation precision, abstention, token F1 and latency')
    .requiredOption('--dataset <file>', 'QA set, JSON Lines')
    .addOption(sharedOption('corpus', 'corpus name or CID to answer from (default: $QUARRY_CORPUS or filecoin-docs)'))
    .addOption(sharedOption('index', 'index CID (instead of --corpus)'))
    .option('--mode <mode>', 'extractive | llm', 'extractive')
    .addOption(sharedOption('searchMode'))
    .addOption(sharedOption('k', 'passages retrieved per question'))
    .addOption(sharedOption('minAnswerability'))
    .addOption(sharedOption('embedder', 'query embedder (default: the index\'s)'))
    .option('--limit <n>', 'evaluate only the first N questions')
    .option('--export <format>', 'also write ragas | deepeval | promptfoo files (repeatable or comma-separated)', collect)
    .option('--out <dir>', 'report folder (default: ./quarry-eval/<timestamp>)')
    .addOption(sharedOption('json', 'print the report as JSON instead of the Markdown summary'))
  for (const name of LLM_OPTIONS) qa.addOption(sharedOption(name))
  qa.action(async (opts: OutputOptions & AnswerFlags & { dataset: string, mode: string, embedder?: string, limit?: string, export?: string[] }, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>()
      if (opts.mode !== 'extractive' && opts.mode !== 'llm') throw new Error(`--mode must be extractive or llm, got "${opts.mode}"`)
      const mode: AnswerMode = opts.mode
      const searchMode = parseSearchMode(opts.searchMode, '--search-mode')
      const k = positiveInt('-k', opts.k)
      const resolved = cliSettings(g, answerSettingsFlags(opts))
      const minAnswerability = opts.minAnswerability === undefined ? undefined : unitShare('--min-answerability', opts.minAnswerability)
      const limit = opts.limit === undefined ? undefined : positiveInt('--limit', opts.limit)
      const exports = parseExports(opts.export ?? [])
      const llmConfig = mode === 'llm' ? chatModelSettings(resolved) : undefined
      const [{ loadQaDataset, runQaEval }, { openIndexFor, partialIndexNote }] = await Promise.all([import('../eval/index.js'), import('./open-index-for.js')])
      const dataset = await loadQaDataset(opts.dataset, limit === undefined ? {} : { limit })
      const llm = llmConfig != null ? await createChatModel(llmConfig) : undefined
      try {
        await withNode(g, async (ctx) => {
          // like `quarry ask`: a corpus without an index gets its lexical index at once, and the eval
          // answers from what is built (the note says so) instead of blocking on a full dense build
          const index = await openIndexFor(ctx, { ...opts, quiet: opts.json === true, dense: 'none' })
          if (opts.json !== true) process.stderr.write(partialIndexNote(index, opts.index ?? opts.corpus))
          const bar = createProgress('questions', { quiet: opts.json === true, intervalMs: ctx.settings.progressIntervalMs })
          let result
          try {
            result = await runQaEval({ dataset, index, mode, k, searchMode, ...(minAnswerability === undefined ? {} : { minAnswerability }), ...(llm === undefined ? {} : { llm: llm.model }), onProgress: e => bar.update(e.done, e.total, e.id) })
          } finally {
            bar.stop()
          }
          const { report, records } = result
          const extra: ExtraFiles = [['answers.jsonl', records.map(r => JSON.stringify(r)).join('\n') + '\n']]
          const samples = dataset.samples
          if (exports.includes('ragas')) {
            const { toRagasJsonl, toRagasSample } = await import('../eval/index.js')
            extra.push(['ragas.jsonl', toRagasJsonl(records.map((r, i) => toRagasSample(r, samples[i])))])
          }
          if (exports.includes('deepeval')) {
            const { toDeepevalJson, toDeepevalTestCase } = await import('../eval/index.js')
            extra.push(['deepeval.json', toDeepevalJson(records.map((r, i) => toDeepevalTestCase(r, samples[i])))])
          }
          if (exports.includes('promptfoo')) {
            const { toPromptfooConfig, toPromptfooTest, toPromptfooYaml } = await import('../eval/index.js')
            // portable: the provider is a copy beside the config (no path into this checkout), the corpus
            // is named (or the --index the user gave), and the home is left to QUARRY_HOME / .env where promptfoo runs
            const ref = opts.index ?? opts.corpus ?? ctx.defaultCorpus
            extra.push([PROMPTFOO_PROVIDER_FILE, await readFile(promptfooProviderPath(), 'utf8')])
            extra.push(['promptfooconfig.yaml', toPromptfooYaml(toPromptfooConfig(samples.map(s => toPromptfooTest(s)), {
              provider: `file://${PROMPTFOO_PROVIDER_FILE}`,
              providerConfig: { ...(opts.index != null ? { index: ref } : { corpus: ref }), mode, searchMode, k },
              description: `Quarry ${mode} answers on ${dataset.name} (run with Node 20: npx promptfoo@0.121.20 eval -c promptfooconfig.yaml; outside the Quarry folder, with QUARRY_MODULE=<the Quarry folder>)`
            }))])
          }
          await emit(report, opts, extra)
        }, resolved)
      } finally {
        await llm?.dispose()
      }
    })
  return cmd
}

/** Parse `--mode` of `eval retrieval`: `all`, one mode, or a comma-separated list */
export function parseSearchModes (value: string): SearchMode[] {
  if (value.trim() === 'all') return [...SEARCH_MODES]
  const modes = value.split(',').map(m => m.trim()).filter(m => m !== '')
  const bad = modes.filter(m => !SEARCH_MODES.includes(m as SearchMode))
  if (modes.length === 0 || bad.length > 0) throw new Error(`--mode must be all or one or more of ${SEARCH_MODES.join(', ')}, got "${value}"`)
  return [...new Set(modes as SearchMode[])]
}

function parseExports (values: readonly string[]): string[] {
  const formats = values.flatMap(v => v.split(',')).map(v => v.trim()).filter(v => v !== '')
  const bad = formats.filter(f => !(EXPORTS as readonly string[]).includes(f))
  if (bad.length > 0) throw new Error(`--export must be one of ${EXPORTS.join(', ')}, got "${bad.join(', ')}"`)
  return formats
}

/** The chat model settings for `--mode llm`: the same flags, environment and checks as `quarry ask` */
function chatModelSettings (settings: QuarrySettings): LlmSettings {
  const llm = llmSettings(settings.llm)
  if (llm == null) throw new Error('--mode llm needs a model: --llm-url and --llm-model (or QUARRY_LLM_BASE_URL and QUARRY_LLM_MODEL), or --gguf <file>')
  return llm
}

/** Extra report files: name and text (or a function of the report folder that gives it) */
type ExtraFiles = Array<[string, string | ((outDir: string) => string)]>

/** Write results.json, summary.md, report.html and `extra` files, then print the summary (or JSON) */
async function emit (report: EvalReport, opts: OutputOptions, extra: ExtraFiles): Promise<void> {
  const { writeJsonReport, renderMarkdownReport, renderHtmlReport, serializeJsonReport } = await import('../eval/index.js')
  const outDir = path.resolve(opts.out ?? path.join('quarry-eval', report.createdAt.replace(/:/g, '-').replace('.', '-')))
  await mkdir(outDir, { recursive: true })
  const summary = renderMarkdownReport(report)
  await writeJsonReport(report, path.join(outDir, 'results.json'))
  await writeFile(path.join(outDir, 'summary.md'), summary)
  await writeFile(path.join(outDir, 'report.html'), renderHtmlReport(report))
  for (const [name, text] of extra) await writeFile(path.join(outDir, name), typeof text === 'string' ? text : text(outDir))
  const files = ['results.json', 'summary.md', 'report.html', ...extra.map(([name]) => name)]
  if (opts.json === true) {
    printJson({ outDir, files, report: JSON.parse(serializeJsonReport(report)) as unknown })
  } else {
    process.stdout.write(summary.endsWith('\n') ? summary : summary + '\n')
  }
  process.stderr.write(`wrote ${files.join(', ')} to ${outDir}\n`)
}

/** The name of the promptfoo provider's copy that `--export promptfoo` writes beside its config */
const PROMPTFOO_PROVIDER_FILE = 'quarry-provider.mjs'

/** `eval/promptfoo-provider.mjs` in the package (it is not compiled, so it sits beside the sources, not in dist) */
function promptfooProviderPath (): string {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 4; i++) {
    const candidate = path.join(dir, 'eval', 'promptfoo-provider.mjs')
    if (existsSync(candidate)) return candidate
    dir = path.resolve(dir, '..')
  }
  return path.resolve('eval', 'promptfoo-provider.mjs')
}
