import { execFile, execFileSync } from 'node:child_process'
import { chmod, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { runCli } from './helpers/cli.js'
import { prepareHome } from './helpers/test-home.js'
import { writeFolder } from './helpers/temp-dir.js'
import { HAS_SHARED, ROOT } from './helpers/shared.js'
import type { AnswerRecord } from '../agent/index.js'
import type { AddressInfo } from 'node:net'

const run = promisify(execFile)

const HAS_TMUX = ((): boolean => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()
if (!HAS_TMUX) console.warn('[quarry tests] tmux is not installed: the chat REPL tests that drive a pseudo-terminal are skipped')


/** `quarry chat` (or another command) in a detached tmux session, typed into and read like a person would */
class Terminal {
  private constructor (private readonly socket: string, private readonly target: string) {}

  /** Start `quarry <args>` with QUARRY_HOME=home in a 160×50 tmux pane */
  static async start (home: string, args: string[]): Promise<Terminal> {
    const name = `quarry-chat-${process.pid}-${Math.random().toString(36).slice(2, 8)}`
    const conf = join(home, 'tmux.conf')
    await writeFile(conf, 'set -g history-limit 50000\nset -g remain-on-exit on\n')
    const script = join(home, 'chat.sh')
    const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`
    await writeFile(script, [
      '#!/bin/sh',
      `export QUARRY_HOME=${quote(home)} QUARRY_PEERS= QUARRY_GATEWAYS= QUARRY_LISTEN= QUARRY_CORPUS=filecoin-docs`,
      'export QUARRY_LLM_BASE_URL= QUARRY_LLM_MODEL= QUARRY_LLM_API_KEY= QUARRY_GGUF=',
      `cd ${quote(ROOT)}`,
      `${quote(process.execPath)} dist/cli/main.js ${args.map(quote).join(' ')}`,
      'status=$?',
      'echo "[exit $status]"',
      'exit $status'
    ].join('\n') + '\n')
    await chmod(script, 0o755)
    await run('tmux', ['-L', name, '-f', conf, 'new-session', '-d', '-s', 'chat', '-x', '160', '-y', '50', script])
    return new Terminal(name, 'chat')
  }

  private async tmux (...args: string[]): Promise<string> {
    return (await run('tmux', ['-L', this.socket, ...args])).stdout
  }

  /** Type a line and press Enter */
  async type (line: string): Promise<void> {
    await this.tmux('send-keys', '-t', this.target, '-l', line)
    await this.tmux('send-keys', '-t', this.target, 'Enter')
  }

  /** Type text without pressing Enter */
  async write (text: string): Promise<void> {
    await this.tmux('send-keys', '-t', this.target, '-l', text)
  }

  /** Press a key (tmux key name, e.g. `C-d`) */
  async press (key: string): Promise<void> {
    await this.tmux('send-keys', '-t', this.target, key)
  }

  /** Everything on the screen and in the scrollback, wrapped lines joined, trailing blanks trimmed (so the prompt reads `quarry>`) */
  async screen (): Promise<string> {
    return (await this.tmux('capture-pane', '-p', '-J', '-S', '-', '-t', this.target)).trimEnd()
  }

  /** Wait until the screen text after `from` characters matches `pattern`; returns that text */
  async waitFor (pattern: RegExp, from = 0, timeoutMs = 60_000): Promise<string> {
    const end = Date.now() + timeoutMs
    let text = ''
    while (Date.now() < end) {
      text = (await this.screen()).slice(from)
      if (pattern.test(text)) return text
      await new Promise(resolve => setTimeout(resolve, 150))
    }
    throw new Error(`timed out waiting for ${String(pattern)}; screen:\n${text}`)
  }

  /** Wait for the program to exit; resolves with the exit status its wrapper script printed (`[exit N]`) */
  async exitStatus (timeoutMs = 20_000): Promise<number> {
    const text = await this.waitFor(/\[exit (\d+)\]/, 0, timeoutMs)
    return Number(/\[exit (\d+)\]/.exec(text)?.[1])
  }

  async kill (): Promise<void> {
    await this.tmux('kill-server').catch(() => {})
  }
}

/** A prompt line after the output so far: the REPL is waiting for input again */
const PROMPT_AGAIN = /\nquarry>$/

/** A plain prose sentence (8+ words) of passage [1] in a prompt built by buildPrompt, markdown removed */
function passageSentence (prompt: string): string {
  const passage = /<passage>\n\[1\] \([^\n]*\)\n([\s\S]*?)\n<\/passage>/.exec(prompt)?.[1] ?? ''
  const plain = passage.split(/\n\s*\n/).map(p => p.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[*_`#>|]/g, ' ').replace(/\s+/g, ' ').trim())
  const sentence = plain.flatMap(p => p.split(/(?<=[.!?])\s+/)).find(s => /^[A-Z]/.test(s) && s.split(' ').length >= 8 && s.endsWith('.') && !/[[\]]/.test(s))
  return (sentence ?? 'Storage deals are made between clients and storage providers.').replace(/\.$/, '')
}

/**
 * A streaming OpenAI-compatible stand-in on loopback (no model can run here):
 * it streams a sentence taken from passage [1] word by word, then holds the
 * last part until `release()` so the test can see the partial reply on screen.
 */
async function streamingLlm (): Promise<{ url: string, release: () => void, close: () => Promise<void> }> {
  let release = (): void => {}
  const held = new Promise<void>(resolve => { release = resolve })
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', d => { body += String(d) })
    req.on('end', () => {
      void (async () => {
        const json = JSON.parse(body) as { stream?: boolean, messages: Array<{ role: string, content: string }> }
        const user = json.messages.find(m => m.role === 'user')?.content ?? ''
        const sentence = passageSentence(user)
        const send = (content: string): boolean => res.write(`data: ${JSON.stringify({ choices: [{ delta: { content } }] })}\n\n`)
        res.writeHead(200, { 'content-type': json.stream === true ? 'text/event-stream' : 'application/json' })
        for (const word of `STREAMED: ${sentence} [1].`.split(/(?= )/)) send(word)
        await held
        send(' The moon is made of cheese [9].')
        res.end('data: [DONE]\n\n')
      })()
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/v1`, release: () => release(), close: async () => new Promise<void>(resolve => { server.closeAllConnections(); server.close(() => resolve()) }) }
}

describe.skipIf(!HAS_SHARED || !HAS_TMUX)('quarry chat in a terminal', () => {
  let home: { dir: string, cleanup: () => Promise<void> }
  beforeAll(async () => { home = await prepareHome('quarry-chat-') })
  afterAll(async () => { await home?.cleanup() })

  it('answers, lists /sources, /open 1, /save, /quit', async () => {
    await rm(join(home.dir, 'term-stats'), { recursive: true, force: true })
    const term = await Terminal.start(home.dir, ['chat', '--no-history'])
    try {
      await term.waitFor(/Quarry chat — corpus filecoin-docs[\s\S]*quarry>$/)
      let mark = (await term.screen()).length
      await term.type('How do I make a storage deal?')
      const answer = await term.waitFor(/Sources:[\s\S]*\nquarry>$/, mark)
      expect(answer).toMatch(/\[1\]/)
      expect(answer).toMatch(/^\[1\] \S+\.md( › [^\n]+)? — bafk\w+$/m)
      expect(answer).toMatch(/^ {4}ipfs:\/\/baf\w+$/m)
      // the answerers' term statistics are kept in the home for the next process (as `quarry ask` keeps them)
      expect((await readdir(join(home.dir, 'term-stats'))).some(f => /^baf\w+\.v\d+\.json$/.test(f))).toBe(true)

      mark = (await term.screen()).length
      await term.type('/sources')
      const sources = await term.waitFor(/Retrieved passages \([5-7]\):[\s\S]*\nquarry>$/, mark)
      expect(sources).toContain('Citations for: How do I make a storage deal?')
      expect(sources).toMatch(/^ {2}5\. \S+ — bafk\w+ \(score /m)

      mark = (await term.screen()).length
      await term.type('/open 1')
      const opened = await term.waitFor(PROMPT_AGAIN, mark)

      const file = join(home.dir, 'a.json')
      mark = (await term.screen()).length
      await term.type(`/save ${file}`)
      await term.waitFor(/saved .*a\.json[\s\S]*\nquarry>$/, mark)
      const record = JSON.parse(await readFile(file, 'utf8')) as AnswerRecord
      expect(record.question).toBe('How do I make a storage deal?')
      expect(record.abstained).toBe(false)
      const first = record.citations[0]
      expect(first).toBeDefined()
      expect(answer).toContain(`[1] ${first?.path ?? ''}`)
      expect(answer).toContain(`ipfs://${first?.docCid ?? ''}`)
      const flat = (s: string): string => s.replace(/\s+/g, ' ')
      expect(flat(opened)).toContain(flat(record.contexts.find(c => c.chunkCid === first?.chunkCid)?.text ?? 'missing').slice(0, 200))
      expect(opened).toContain(first?.chunkCid ?? 'missing')

      const other = record.contexts[1]
      const byCid: Array<[string, (out: string) => void]> = [
        [`/open ${other?.chunkCid ?? ''}`, out => {
          expect(out).toContain(`— chunk ${other?.chunkCid ?? 'missing'}`)
          expect(flat(out)).toContain(flat(other?.text ?? 'missing').slice(0, 200))
        }],
        [`/open ipfs://${first?.docCid ?? ''}`, out => {
          expect(out).toContain(`${first?.path ?? 'missing'} — ipfs://${first?.docCid ?? ''}`)
          expect(flat(out)).toContain(flat(first?.quote ?? 'missing'))
        }],
        [`/open ${record.corpusCid}`, out => { expect(out).toContain(`Error: ${record.corpusCid} is a directory, not a file`) }]
      ]
      for (const [line, check] of byCid) {
        mark = (await term.screen()).length
        await term.type(line)
        check(await term.waitFor(PROMPT_AGAIN, mark + line.length))
      }

      await term.type('/quit')
      expect(await term.exitStatus()).toBe(0)

      const verified = await runCli(['verify', file], { home: home.dir })
      expect(verified.code).toBe(0)
    } finally {
      await term.kill()
    }
  })

  it('prints the background "dense index complete" line above the prompt and redraws the prompt with what was typed', async () => {
    const pages = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`page-${i}.md`, `# Page ${i}\n\nStorage deal number ${i} is kept by a storage provider for ${i + 1} years.\n`]))
    const folder = await writeFolder(join(home.dir, 'background-src'), pages)
    expect((await runCli(['corpus', 'add', folder, '--name', 'background'], { home: home.dir })).code).toBe(0)
    const term = await Terminal.start(home.dir, ['chat', '--no-history', '--corpus', 'background'])
    try {
      await term.waitFor(/embedding the rest in the background[\s\S]*quarry>$/)
      await term.write('half a question')
      // before: `quarry> half a questionbackground: dense index complete (…)` and no prompt after it
      const done = await term.waitFor(/\nbackground: dense index complete \(baf\w+\)\nquarry> half a question$/)
      expect(done).not.toMatch(/quarry> (half a question)?background: dense/)
      await term.press('C-u')
      await term.type('/quit')
      expect(await term.exitStatus()).toBe(0)
    } finally {
      await term.kill()
    }
  }, 120_000)

  it('--min-answerability holds for every question of the conversation, and the refusal says why', async () => {
    const term = await Terminal.start(home.dir, ['chat', '--no-history', '--min-answerability', '1'])
    try {
      await term.waitFor(/quarry>$/)
      const mark = (await term.screen()).length
      await term.type('What is a storage provider?')
      const out = await term.waitFor(/Closest sources:[\s\S]*\nquarry>$/, mark)
      expect(out).toContain('Not found in this corpus.')
      expect(out).toMatch(/Answerability 0\.\d+ is below --min-answerability 1\./)
      await term.press('C-d')
      expect(await term.exitStatus()).toBe(0)
    } finally {
      await term.kill()
    }
  })

  it('survives unknown commands and errors, and leaves on Ctrl-D', async () => {
    const term = await Terminal.start(home.dir, ['chat', '--no-history'])
    try {
      await term.waitFor(/quarry>$/)
      const steps: Array<[string, RegExp]> = [
        ['/frobnicate', /Unknown command \/frobnicate\.\nType a question, or a command:[\s\S]*\/quit/],
        ['/open 1', /No answer yet: ask a question first\./],
        ['/mode oracle', /\/mode must be one of extractive, llm, agent, got "oracle"/],
        ['/mode llm', /--mode llm needs a chat model/],
        ['/mode agent', /--mode agent needs a chat model/],
        ['/open not-a-cid', /"not-a-cid" is not a valid CID/],
        ['/corpus no-such-corpus', /Error \(\w+\): .*no-such-corpus/],
        ['/mode', /mode: extractive/]
      ]
      for (const [line, expected] of steps) {
        const mark = (await term.screen()).length
        await term.type(line)
        const out = await term.waitFor(PROMPT_AGAIN, mark + line.length)
        expect(out, line).toMatch(expected)
      }
      await term.press('C-d')
      expect(await term.exitStatus()).toBe(0)
    } finally {
      await term.kill()
    }
  })

  it('streams the reply in llm mode, stops on Ctrl-C, then shows the checked answer', async () => {
    const llm = await streamingLlm()
    const term = await Terminal.start(home.dir, ['chat', '--no-history', '--llm-url', llm.url, '--llm-model', 'fake'])
    try {
      await term.waitFor(/mode llm, LLM fake at http[\s\S]*quarry>$/)
      let mark = (await term.screen()).length
      await term.type('How do I make a storage deal?')
      await term.waitFor(/STREAMED: .* \[1\]/, mark)
      await term.press('C-c')
      await term.waitFor(/\[1\]\.\n\(stopped\)\nquarry>$/, mark)

      mark = (await term.screen()).length
      await term.type('How do I make a storage deal?')
      const partial = await term.waitFor(/STREAMED: .* \[1\]/, mark)
      expect(partial).not.toContain('Sources:')
      llm.release()
      const done = await term.waitFor(/Sources:[\s\S]*\nquarry>$/, mark)
      expect(done).toContain('The moon is made of cheese [9].')
      expect(done).toContain('After the citation check:')
      expect(done).toMatch(/Removed by the citation check \(1\):\n {2}- The moon is made of cheese/)
      expect(done).toMatch(/^\[1\] \S+\.md.* — bafk\w+$/m)
      await term.type('/quit')
      expect(await term.exitStatus()).toBe(0)
    } finally {
      llm.release()
      await term.kill()
      await llm.close()
    }
  })

  it('quarry ask streams the reply when stdout is a terminal', async () => {
    const llm = await streamingLlm()
    const term = await Terminal.start(home.dir, ['ask', 'How do I make a storage deal?', '--llm-url', llm.url, '--llm-model', 'fake'])
    try {
      const partial = await term.waitFor(/STREAMED: .* \[1\]\./)
      expect(partial).not.toContain('Sources:')
      llm.release()
      const done = await term.waitFor(/\[exit \d+\]/)
      expect(done).toMatch(/After the citation check:\nSTREAMED: .*\. \[1\]\n/)
      expect(done).toMatch(/^\[1\] \S+\.md.* — bafk\w+$/m)
      expect(await term.exitStatus()).toBe(0)
    } finally {
      llm.release()
      await term.kill()
      await llm.close()
    }
  })
})
