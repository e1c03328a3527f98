import { Command } from 'commander'
import { cliSettings, withNode, type GlobalOptions } from './context.js'
import { addAnswerOptions, answerSettings, answerSettingsFlags, type AnswerFlags } from './llm-options.js'

/**
 * `quarry chat`: an interactive session over one corpus (see
 * {@link runChatRepl}), with the same answering options as `quarry ask`.
 */
export function chatCommand (): Command {
  const command = new Command('chat')
    .description('ask questions interactively; /help lists the commands (/sources, /open, /corpus, /mode, /save, /quit)')
  return addAnswerOptions(command)
    .option('--no-history', 'do not keep the line history in <home>/chat-history')
    .action(async (flags: AnswerFlags & { history: boolean }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>()
      const resolved = cliSettings(g, answerSettingsFlags(flags))
      const settings = answerSettings(flags, resolved)
      const { runChatRepl } = await import('./chat-repl.js')
      await withNode(g, async (ctx) => runChatRepl(ctx, { settings, ...(flags.history ? {} : { historyFile: false }) }), resolved, { interrupt: false })
    })
}
