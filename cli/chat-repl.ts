import { appendFile, readFile as readDisk, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline'
import type { AnswerRecord } from '../agent/index.js'
import type { ToolContext } from '../tools/index.js'
import { answerMode, checkModeHasModel, createChatModel, createCliAgent, describeLlm, type AnswerSettings, type CliAgent, type CliChatModel } from './llm-options.js'
import { answerSources, citationPlace, formatAnswer, formatCitation, formatSources } from './print-answer.js'
import { formatCliError } from './hints.js'
import { openIndexFor } from './open-index-for.js'
import { termStatisticsFor } from './term-statistics-for.js'
import type { CliContext } from './context.js'
import type { QuarryIndex } from '../indexes/index.js'
import { stripTerminalControls } from './strip-terminal-controls.js'
import type { ConversationTurn } from '../agent/index.js'

/** Help text of the chat REPL */
export const CHAT_HELP = `Type a question, or a command:
  /sources            the last answer's citations (with quotes) and retrieved passages
  /open <n|cid>       print cited passage n, or a chunk CID from the index, or a file CID
  /corpus <name|cid>  switch corpus (builds its index on first use)
  /mode <m>           extractive | llm | agent
  /save <file>        write the last answer record as JSON (check it with \`quarry verify <file>\`)
  /help               this help
  /quit               leave (or Ctrl-D)
`

/** Options for {@link runChatRepl} */
export interface ChatReplOptions {
  /** Mode, retrieval settings, corpus and chat model */
  settings: AnswerSettings
  /** @default process.stdin */
  input?: NodeJS.ReadableStream
  /** @default process.stdout */
  output?: NodeJS.WritableStream
  /** Treat input/output as a terminal: line editing, history and the `quarry> ` prompt (piped sessions print no prompt). @default output.isTTY */
  terminal?: boolean
  /** File that keeps the line history across sessions. @default `<home>/chat-history`; `false` keeps none */
  historyFile?: string | false
}

interface ReplState {
  index: QuarryIndex
  corpus: string
  mode: AnswerSettings['mode']
  last?: AnswerRecord
  /** The conversation so far (follow-ups are retrieved as standalone questions) */
  turns: ConversationTurn[]
  chat?: CliChatModel
  agent?: CliAgent
  /** The tool context `/open` reads through (opened on first use) */
  tools?: ToolContext
  busy?: AbortController
}

/**
 * The `quarry chat` read-eval-print loop: each line is a question answered
 * from the current index (streamed in LLM modes) or a `/command`
 * ({@link CHAT_HELP}). Errors are printed and the loop goes on; it ends on
 * `/quit` or end of input (Ctrl-D). Ctrl-C stops an answer in progress;
 * twice at an empty prompt it leaves. In `agent` mode the tools search the
 * current corpus through their own tool context.
 */
export async function runChatRepl (ctx: CliContext, options: ChatReplOptions): Promise<void> {
  const { settings } = options
  const input = options.input ?? process.stdin
  const output = options.output ?? process.stdout
  const say = (text: string): void => { const clean = stripTerminalControls(text); output.write(clean.endsWith('\n') ? clean : clean + '\n') }
  const historyFile = options.historyFile === false ? undefined : options.historyFile ?? join(ctx.node.home.root, 'chat-history')
  const history = historyFile != null ? await loadHistory(historyFile) : []

  const corpus = settings.ref ?? ctx.defaultCorpus
  const terminal = options.terminal ?? (output as NodeJS.WriteStream).isTTY === true
  let rl: Interface | undefined
  /** True while the prompt waits for a line (a background message then clears it and draws it again below) */
  let atPrompt = false
  /** A message from background work: on a terminal at the prompt it goes above the prompt, which is redrawn with what was typed */
  const notify = (text: string): void => {
    if (rl == null || !terminal || !atPrompt) return say(text)
    clearLine(output, 0)
    cursorTo(output, 0)
    say(text)
    rl.prompt(true)
  }
  /** Each open index's term statistics, from the home's file when there is one (the chunks never change) */
  const statistics = new WeakMap<QuarryIndex, ReturnType<typeof termStatisticsFor>>()
  const statisticsOf = async (index: QuarryIndex, signal: AbortSignal): ReturnType<typeof termStatisticsFor> => {
    let stats = statistics.get(index)
    if (stats === undefined) {
      stats = termStatisticsFor(ctx, index, signal)
      statistics.set(index, stats)
      stats.catch(() => statistics.delete(index))
    }
    return stats
  }
  /** Open a corpus's index (lexical-only at once when it has none) and embed what it lacks in the background */
  const open = async (ref: string): Promise<QuarryIndex> => {
    const index = await openIndexFor(ctx, { index: ref, dense: 'none' })
    if (index.embedded < index.chunks.length) {
      say(`${ref}: ${index.embedded} of ${index.chunks.length} chunks embedded; embedding the rest in the background (searches use what is embedded so far)`)
      ctx.indexes.complete(index).then(
        cid => notify(`${ref}: dense index complete (${cid?.toString() ?? ''})`),
        (err: Error) => { if (err.name !== 'AbortError') notify(`${ref}: background embedding stopped: ${err.message}`) }
      )
    }
    return index
  }
  const state: ReplState = { index: await open(corpus), corpus, mode: settings.mode, turns: [] }
  say(`Quarry chat — corpus ${corpus} (index ${state.index.cid?.toString() ?? '(unpinned)'}, ${state.index.chunks.length} chunks), mode ${state.mode}, LLM ${describeLlm(settings.llm)}`)
  say('Type a question, /help for commands, /quit to leave.')

  const lines = createInterface({ input, output, terminal, prompt: 'quarry> ', history, historySize: 500, removeHistoryDuplicates: true })
  rl = lines
  const prompt = (): void => {
    atPrompt = true
    if (terminal) lines.prompt()
  }
  let interrupts = 0
  lines.on('SIGINT', () => {
    if (state.busy != null) return state.busy.abort(new Error('interrupted'))
    if (++interrupts >= 2) return lines.close()
    lines.write(null, { ctrl: true, name: 'u' })
    say('\n(press Ctrl-C again, Ctrl-D or type /quit to leave)')
    prompt()
  })

  const commands: Record<string, (arg: string) => Promise<boolean | void> | boolean | void> = {
    help: () => { say(CHAT_HELP) },
    quit: () => true,
    exit: () => true,
    sources: () => { say(state.last == null ? 'No answer yet: ask a question first.' : formatSources(state.last)) },
    mode: (arg) => {
      if (arg === '') return say(`mode: ${state.mode} (one of extractive, llm, agent)`)
      const mode = answerMode(arg, '/mode')
      checkModeHasModel(mode, settings.llm)
      state.mode = mode
      return say(`mode: ${mode}`)
    },
    corpus: async (arg) => {
      if (arg === '') return say(`corpus: ${state.corpus} (index ${state.index.cid?.toString() ?? '(unpinned)'})`)
      state.index = await open(arg)
      state.corpus = arg
      state.last = undefined
      state.turns = []
      return say(`corpus: ${arg} (index ${state.index.cid?.toString() ?? '(unpinned)'}, ${state.index.chunks.length} chunks)`)
    },
    save: async (arg) => {
      if (state.last == null) return say('No answer yet: ask a question first.')
      if (arg === '') throw new Error('usage: /save <file>')
      const file = resolve(arg)
      await writeFile(file, JSON.stringify(state.last, null, 2) + '\n')
      return say(`saved ${file} (check it with: quarry verify ${file})`)
    },
    open: async (arg) => { say(await openText(ctx, state, arg)) }
  }

  const ask = async (question: string): Promise<void> => {
    checkModeHasModel(state.mode, settings.llm)
    // with a model configured, it also condenses follow-ups into standalone questions
    if ((state.mode === 'llm' || state.turns.length > 0) && settings.llm != null) state.chat ??= await createChatModel(settings.llm)
    if (state.mode === 'agent' && settings.llm != null) {
      state.agent ??= await createCliAgent(settings.llm, ctx, { k: settings.k })
      await state.agent.openIndex(state.corpus)
    }
    const { answer } = await import('../agent/index.js')
    const controller = new AbortController()
    state.busy = controller
    let streamed: string | undefined
    try {
      const stats = await statisticsOf(state.index, controller.signal)
      const record = await answer({
        ...(stats != null ? { stats } : {}),
        question,
        index: state.index,
        mode: state.mode,
        k: settings.k,
        searchMode: settings.searchMode,
        ...(settings.minAnswerability != null ? { minAnswerability: settings.minAnswerability } : {}),
        signal: controller.signal,
        history: state.turns,
        ...(state.mode !== 'agent' && state.chat != null ? { llm: state.chat.model } : {}),
        ...(state.mode === 'agent' && state.agent != null ? { agent: state.agent.answerer } : {}),
        onToken: (t) => { streamed = (streamed ?? '') + t; output.write(stripTerminalControls(t)) }
      })
      if (streamed != null) output.write('\n')
      state.last = record
      state.turns.push({ question, ...(record.standaloneQuestion != null ? { standalone: record.standaloneQuestion } : {}), ...(record.abstained ? {} : { answer: record.answer }) })
      if (record.standaloneQuestion != null) say(`(answering: ${record.standaloneQuestion})`)
      say(formatAnswer(record, streamed != null ? { streamed } : {}))
    } catch (err) {
      if (streamed != null) output.write('\n')
      if (!controller.signal.aborted) throw err
      say('(stopped)')
    } finally {
      state.busy = undefined
    }
  }

  try {
    prompt()
    for await (const raw of lines) {
      atPrompt = false
      const line = raw.trim()
      interrupts = 0
      if (line !== '' && historyFile != null) await appendFile(historyFile, line + '\n').catch(() => {})
      try {
        if (line.startsWith('/')) {
          const [name = '', ...rest] = line.slice(1).split(/\s+/)
          const run = commands[name.toLowerCase()]
          if (run == null) say(`Unknown command /${name}.\n${CHAT_HELP}`)
          else if (await run(rest.join(' ')) === true) break
        } else if (line !== '') {
          await ask(line)
        }
      } catch (err) {
        say(formatCliError(err))
      }
      prompt()
    }
  } finally {
    lines.close()
    await state.chat?.dispose()
  }
}

/** The text `/open` prints: a cited passage by number, else what the read tool finds behind a CID (a chunk, a document or a file) */
async function openText (ctx: CliContext, state: ReplState, arg: string): Promise<string> {
  if (arg === '') throw new Error('usage: /open <n|cid>')
  if (/^\d+$/.test(arg)) {
    if (state.last == null) throw new Error('No answer yet: ask a question first.')
    const c = answerSources(state.last).find(s => s.n === Number(arg))
    if (c == null) throw new Error(`No citation [${arg}] in the last answer (it has ${answerSources(state.last).length})`)
    const text = state.last.contexts.find(x => x.chunkCid === c.chunkCid)?.text ??
      state.index.chunks.find(ch => ch.chunkCid.toString() === c.chunkCid)?.text ?? c.quote
    return `${formatCitation(c)}\n\n${text}\n`
  }
  const { createToolContext, readCid } = await import('../tools/index.js')
  state.tools ??= createToolContext(ctx)
  state.tools.setDefaultRef?.(state.corpus)
  await state.tools.openIndex(state.corpus)
  const signal = ctx.node.online ? AbortSignal.timeout(60_000) : undefined
  const r = await readCid(state.tools, arg, { corpus: state.corpus, ...(signal != null ? { signal } : {}) })
  if (r.kind === 'directory') throw new Error(`${r.cid} is a directory, not a file: /open takes a citation number, a chunk CID or a file CID`)
  if (r.kind === 'chunk') return `${citationPlace({ path: r.path ?? '', ...(r.headings != null ? { headings: r.headings } : {}), ...(r.page != null ? { page: r.page } : {}) })} — chunk ${r.cid}\n    ipfs://${r.docCid ?? ''}\n\n${r.text}\n`
  return `${r.path != null ? `${r.path} — ` : ''}ipfs://${r.cid}${r.kind === 'file' ? ` (${r.totalChars} characters)` : ''}\n\n${r.text}\n`
}

async function loadHistory (file: string): Promise<string[]> {
  try {
    const lines = (await readDisk(file, 'utf8')).split('\n').filter(l => l.trim() !== '')
    return lines.slice(-500).reverse()
  } catch {
    return []
  }
}
