import { Command } from 'commander'
import { cliSettings, timeoutMs, withNode, type GlobalOptions } from './context.js'
import { printJson } from './format.js'
import { addAnswerOptions, answerSettings, answerSettingsFlags, createChatModel, createCliAgent, type AnswerFlags } from './llm-options.js'
import { sharedOption } from './options.js'
import { stripTerminalControls } from './strip-terminal-controls.js'
import { termStatisticsFor } from './term-statistics-for.js'

/**
 * `quarry ask "<question>"`: answer a question from a corpus's index with
 * numbered, CID-backed citations. Builds the index first (with progress) when
 * the corpus has none, streams the model's reply in LLM modes when stdout is
 * a terminal, and prints the {@link AnswerRecord} itself with `--json`.
 */
export function askCommand (): Command {
  const command = new Command('ask')
    .description('answer a question from a corpus, citing the CID of every source')
    .argument('<question>', 'the question')
  return addAnswerOptions(command)
    .addOption(sharedOption('json', 'print the answer record as JSON'))
    .addOption(sharedOption('store'))
    .addOption(sharedOption('fetchTimeout'))
    .addOption(sharedOption('verifyIndex'))
    .action(async (question: string, flags: AnswerFlags & { timeout?: string, verifyIndex?: boolean | string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>()
      if (question.trim() === '') throw new Error('<question> is empty')
      const resolved = cliSettings(g, answerSettingsFlags(flags))
      const settings = answerSettings(flags, resolved)
      const json = flags.json === true
      const fetchTimeoutMs = flags.timeout != null ? timeoutMs(flags.timeout) : undefined
      const [{ answer }, { formatAnswer }, { openIndexFor, partialIndexNote }] = await Promise.all([
        import('../agent/index.js'), import('./print-answer.js'), import('./open-index-for.js')
      ])
      const chat = settings.mode === 'llm' && settings.llm != null ? await createChatModel(settings.llm) : undefined
      try {
        await withNode(g, async (ctx, signal) => {
          const index = await openIndexFor(ctx, { ...(settings.ref != null ? { index: settings.ref } : {}), store: (flags as AnswerFlags & { store?: string }).store, quiet: json, signal, dense: 'none', fetchTimeoutMs, ...(flags.verifyIndex !== undefined ? { verifyIndex: flags.verifyIndex } : {}) })
          // kept per index CID in the home: a one-shot answer does not re-read every chunk to judge answerability
          const stats = await termStatisticsFor(ctx, index, signal)
          const agent = settings.mode === 'agent' && settings.llm != null ? await createCliAgent(settings.llm, ctx, { k: settings.k }) : undefined
          await agent?.openIndex(settings.ref ?? ctx.defaultCorpus)
          const stream = !json && settings.mode !== 'extractive' && process.stdout.isTTY === true
          let streamed: string | undefined
          const onToken = (t: string): void => {
            streamed = (streamed ?? '') + t
            process.stdout.write(stripTerminalControls(t))
          }
          const record = await answer({
            question,
            index,
            mode: settings.mode,
            k: settings.k,
            searchMode: settings.searchMode,
            ...(settings.minAnswerability != null ? { minAnswerability: settings.minAnswerability } : {}),
            signal,
            ...(stats != null ? { stats } : {}),
            ...(chat != null ? { llm: chat.model } : {}),
            ...(agent != null ? { agent: agent.answerer } : {}),
            ...(stream ? { onToken } : {})
          }).finally(() => { if (streamed != null) process.stdout.write('\n') })
          process.stderr.write(partialIndexNote(index, settings.ref))
          if (json) return printJson(record)
          process.stdout.write(formatAnswer(record, streamed != null ? { streamed } : {}))
        }, resolved)
      } finally {
        await chat?.dispose()
      }
    })
}
