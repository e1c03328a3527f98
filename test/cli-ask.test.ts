import { readFile, stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { runCli } from './helpers/cli.js'
import { NO_LLM, prepareHome } from './helpers/test-home.js'
import { HAS_SHARED, shared } from './helpers/shared.js'
import { TERM_STATISTICS_VERSION, type AnswerRecord } from '../agent/index.js'
import type { AddressInfo } from 'node:net'



/**
 * A stand-in for an OpenAI-compatible server on loopback (no model can run
 * here): it answers with the first long prose sentence of passage [1], cited
 * [1], plus an invented sentence citing a passage that does not exist.
 */
async function fakeLlmServer (): Promise<{ url: string, requests: unknown[], close: () => Promise<void> }> {
  const requests: unknown[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', d => { body += String(d) })
    req.on('end', () => {
      const json = JSON.parse(body) as { messages: Array<{ role: string, content: string }> }
      requests.push(json)
      const user = json.messages.find(m => m.role === 'user')?.content ?? ''
      const reply = `${passageSentence(user)} [1]. The moon is made of cheese [9].`
      const base = { id: `chatcmpl-${requests.length}`, created: Math.floor(Date.now() / 1000), model: 'fake-model' }
      if ((json as { stream?: boolean }).stream === true) {
        res.writeHead(200, { 'content-type': 'text/event-stream' })
        res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: reply }, finish_reason: null }] })}\n\n`)
        res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`)
        res.end('data: [DONE]\n\n')
        return
      }
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({
        ...base,
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content: reply }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }
      }))
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/v1`, requests, close: async () => new Promise<void>(resolve => server.close(() => resolve())) }
}

/** A plain prose sentence (8+ words) of passage [1] in a prompt built by buildPrompt, markdown removed */
function passageSentence (prompt: string): string {
  const passage = /<passage>\n\[1\] [^\n]*\n([\s\S]*?)\n<\/passage>/.exec(prompt)?.[1] ?? ''
  const plain = passage.split(/\n\s*\n/).map(p => p.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[*_`#>|]/g, ' ').replace(/\s+/g, ' ').trim())
  const sentence = plain.flatMap(p => p.split(/(?<=[.!?])\s+/)).find(s => /^[A-Z]/.test(s) && s.split(' ').length >= 8 && s.endsWith('.') && !/[[\]]/.test(s))
  return (sentence ?? 'Storage deals are made between clients and storage providers.').replace(/\.$/, '')
}

describe.skipIf(!HAS_SHARED)('quarry ask on the embedded Filecoin docs', () => {
  let home: { dir: string, cleanup: () => Promise<void> }
  const cli = async (args: string[], env: Record<string, string> = {}): ReturnType<typeof runCli> => runCli(args, { home: home.dir, env: { ...NO_LLM, ...env } })

  beforeAll(async () => { home = await prepareHome('quarry-ask-') })
  afterAll(async () => { await home?.cleanup() })

  it('--json prints an answer record whose citations are among the retrieved contexts', async () => {
    const res = await cli(['ask', 'How do I make a storage deal?', '--json'])
    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
    const record = JSON.parse(res.stdout) as AnswerRecord
    expect(record.version).toBe(1)
    expect(record.mode).toBe('extractive')
    expect(record.abstained).toBe(false)
    expect(record.citations.length).toBeGreaterThan(0)
    expect(record.answer).toContain('[1]')
    const contextCids = new Set(record.contexts.map(c => c.chunkCid))
    for (const c of record.citations) {
      expect(contextCids.has(c.chunkCid), `citation [${c.n}] ${c.chunkCid}`).toBe(true)
      expect(record.contexts.find(x => x.chunkCid === c.chunkCid)?.text).toContain(c.quote)
    }
    // the 5 passages retrieved, then up to 2 that continue the first two in their documents
    expect(record.contexts.length).toBeGreaterThanOrEqual(5)
    expect(record.contexts.length).toBeLessThanOrEqual(7)
    expect(record.indexCid).toMatch(/^b/)
  })

  it('keeps the index\'s term statistics in the home: written by the first answer, read (not rewritten) by the next', async () => {
    const first = JSON.parse((await cli(['ask', 'What is a sector?', '--json'])).stdout) as AnswerRecord
    const file = join(home.dir, 'term-stats', `${first.indexCid}.v${TERM_STATISTICS_VERSION}.json`)
    const written = await stat(file)
    const stored = JSON.parse(await readFile(file, 'utf8')) as { indexCid: string, chunks: number, terms: string[] }
    expect(stored.indexCid).toBe(first.indexCid)
    expect(stored.chunks).toBeGreaterThan(1000)
    expect(stored.terms).toContain('sector')
    const second = JSON.parse((await cli(['ask', 'What is a sector?', '--json'])).stdout) as AnswerRecord
    expect(second.answer).toBe(first.answer)
    expect(second.citations).toEqual(first.citations)
    expect((await stat(file)).mtimeMs).toBe(written.mtimeMs)
  })

  it('abstains on an off-topic question', async () => {
    const res = await cli(['ask', 'What is the best recipe for chocolate cake?', '--json'])
    expect(res.code).toBe(0)
    const record = JSON.parse(res.stdout) as AnswerRecord
    expect(record.abstained).toBe(true)
    expect(record.abstainedBecause).toBe('off-vocabulary')
    expect(record.answer).toBe('Not found in this corpus.')
    expect(record.citations).toEqual([])
  })

  it('answers "What is a storage provider?" with the definition, stamped with the answer model and its answerability', async () => {
    const record = JSON.parse((await cli(['ask', 'What is a storage provider?', '--json'])).stdout) as AnswerRecord
    expect(record.abstained).toBe(false)
    expect(record.sentences[0]?.text ?? '').toMatch(/^(A|The)? ?storage providers? (is|are)\b/i)
    expect(record.answerModel).toMatch(/^quarry-answerer@v\d+\+bafkrei[a-z2-7]{52}$/)
    expect(record.answerability).toBeGreaterThan(0)
    expect(record.answerability).toBeLessThanOrEqual(1)
  })

  it('--min-answerability sets how sure the answer must be: the same answer below it, an abstention above it, the threshold on the record', async () => {
    const question = 'What is a storage provider?'
    const plain = JSON.parse((await cli(['ask', question, '--json'])).stdout) as AnswerRecord
    const score = plain.answerability ?? 0
    expect(plain.minAnswerability).toBeUndefined()
    const below = JSON.parse((await cli(['ask', question, '--json', '--min-answerability', String(Math.floor(score * 100) / 100)])).stdout) as AnswerRecord
    expect(below.abstained).toBe(false)
    expect(below.answer).toBe(plain.answer)
    const above = JSON.parse((await cli(['ask', question, '--json', '--min-answerability', String(Math.min(1, score + 0.01))])).stdout) as AnswerRecord
    expect(above.abstained).toBe(true)
    expect(above.answer).toBe('Not found in this corpus.')
    expect(above.answerability).toBe(score)
    expect(above.minAnswerability).toBe(Math.min(1, score + 0.01))
    const printed = await cli(['ask', question, '--min-answerability', String(Math.min(1, score + 0.01))])
    expect(printed.stdout).toContain(`Answerability ${score} is below --min-answerability ${Math.min(1, score + 0.01)}.`)
  })

  it('says when the quoted sentences do not give the figure asked for (issue 21\'s Nerpanet example: "tiny sector sizes")', async () => {
    const question = 'What sector size did the deprecated Nerpanet testnet use?'
    const record = JSON.parse((await cli(['ask', question, '--json'])).stdout) as AnswerRecord
    expect(record.abstained).toBe(false)
    expect(record.answer).toMatch(/tiny sector sizes/)
    expect(record.unstatedAsked).toEqual({ kind: 'number', words: 'What sector size' })
    const printed = await cli(['ask', question])
    expect(printed.stdout).toContain('Partial answer: no quoted sentence gives the number asked for ("What sector size").')
    // quotes that give a figure are not flagged (a number word is a figure: "around two minutes")
    const given = JSON.parse((await cli(['ask', 'How many attoFIL make up one FIL?', '--json'])).stdout) as AnswerRecord
    expect(given.abstained).toBe(false)
    expect(given.sentences.some(s => /\d/.test(s.text))).toBe(true)
    expect(given.unstatedAsked).toBeUndefined()
    const duration = JSON.parse((await cli(['ask', 'How long does it take for a transaction to be forwarded with FilForwarder?', '--json'])).stdout) as AnswerRecord
    expect(duration.abstained).toBe(false)
    expect(duration.answer).toMatch(/two minutes/)
    expect(duration.unstatedAsked).toBeUndefined()
    // a partial note names only what the sources leave out: "in Chinese" states the Chinese of "Chinese-speaking"
    const chinese = JSON.parse((await cli(['ask', 'Where can Chinese-speaking users follow official Filecoin project updates?', '--json'])).stdout) as AnswerRecord
    expect(chinese.abstained).toBe(false)
    expect(chinese.answer).toMatch(/in Chinese/)
    expect(chinese.unstated).toBeUndefined()
    // nor what the cited page states elsewhere: the Lotus JSON-RPC page's SyncMarkBad entry does not say "Lotus", its page does
    const lotus = await cli(['ask', "What's the difference between SyncCheckpoint and SyncMarkBad in Lotus?"])
    expect(lotus.stdout).toMatch(/SyncMarkBad marks/)
    expect(lotus.stdout).not.toContain('Partial answer')
    // no figure, and not even the thing measured (a sentence on what Tellor supports for "How much TRB …?"): no answer
    const stake = JSON.parse((await cli(['ask', 'How much TRB does a reporter have to stake to submit data to the Tellor oracle on Filecoin?', '--json'])).stdout) as AnswerRecord
    expect(stake.abstained).toBe(true)
    expect(stake.abstainedBecause).toBe('figure-not-given')
    expect((await cli(['ask', 'How much TRB does a reporter have to stake to submit data to the Tellor oracle on Filecoin?'])).stdout)
      .toContain('It asks for a figure or a date: the best passages give none, nor speak of what is measured.')
    expect(stake.closestSources?.some(s => s.path.endsWith('oracles.md'))).toBe(true)
  })

  it('answers a question whatever it sets its subject against ("unlike Bitcoin"), and refuses a count whose quotes do not speak of what is counted', async () => {
    const foil = JSON.parse((await cli(['ask', "Why is Filecoin mining described as productive work rather than wasted energy, unlike Bitcoin's proof-of-work?", '--json'])).stdout) as AnswerRecord
    expect(foil.abstained).toBe(false)
    expect(foil.citations.some(c => c.path === 'basics/how-storage-works/filecoin-and-ipfs.md')).toBe(true)
    expect(foil.unstated ?? []).not.toContain('Bitcoin')
    const count = JSON.parse((await cli(['ask', 'Exactly how many storage providers had active deals on Filecoin mainnet at the end of 2024?', '--json'])).stdout) as AnswerRecord
    expect(count.abstained).toBe(true)
    expect(count.abstainedBecause).toBe('low-answerability')
  })

  it('abstains on an on-topic question the docs do not answer (a price on a date), and says so in llm mode without asking the model', async () => {
    const question = 'What was the closing price of FIL on January 1, 2024?'
    const record = JSON.parse((await cli(['ask', question, '--json'])).stdout) as AnswerRecord
    expect(record.abstained).toBe(true)
    expect(record.abstainedBecause).toBe('low-answerability')
    expect(record.closestSources?.length).toBeGreaterThan(0)
    // what came closest: the sentences the model scored best (FIL's price), no code block
    expect(record.closestSources?.some(s => /price of FIL/.test(s.quote))).toBe(true)
    expect(record.closestSources?.every(s => !s.quote.includes('```'))).toBe(true)
    expect(record.answerability).toBeLessThan(0.5)
    const llm = await fakeLlmServer()
    try {
      const res = await cli(['ask', question, '--json'], { QUARRY_LLM_BASE_URL: llm.url, QUARRY_LLM_MODEL: 'fake-model' })
      expect(res.code, res.stderr).toBe(0)
      const viaLlm = JSON.parse(res.stdout) as AnswerRecord
      expect(viaLlm.mode).toBe('llm')
      expect(viaLlm.abstained).toBe(true)
      expect(viaLlm.answerability).toBe(record.answerability)
      expect(viaLlm.abstainedBecause).toBe('low-answerability')
      expect(llm.requests).toHaveLength(0)
    } finally {
      await llm.close()
    }
  })

  it('prints numbered citations with CIDs and ipfs:// links (no flags at all)', async () => {
    const res = await cli(['ask', 'How do I make a storage deal?'])
    expect(res.code).toBe(0)
    expect(res.stdout).toMatch(/\[1\]/)
    expect(res.stdout).toContain('Sources:')
    expect(res.stdout).toMatch(/^\[1\] \S+\.md( › [^\n]+)? — bafk\w+$/m)
    expect(res.stdout).toMatch(/^ {4}ipfs:\/\/baf\w+$/m)
  })

  it('prints the closest sources when it abstains', async () => {
    const res = await cli(['ask', 'What is the best recipe for chocolate cake?'])
    expect(res.code).toBe(0)
    expect(res.stdout).toMatch(/^Not found in this corpus\.$/m)
    expect(res.stdout).toContain('Its most telling words are ones this corpus does not use, or no passage holds enough of it.')
    expect(res.stdout).toContain('Closest sources:')
    expect(res.stdout).toMatch(/^\[1\] .+ — bafk\w+$/m)
  })

  it('answers in llm mode through an OpenAI-compatible server, dropping the invented citation', async () => {
    const llm = await fakeLlmServer()
    try {
      const res = await cli(['ask', 'How do I make a storage deal?', '--json'], { QUARRY_LLM_BASE_URL: llm.url, QUARRY_LLM_MODEL: 'fake-model' })
      expect(res.stderr).toBe('')
      expect(res.code).toBe(0)
      const record = JSON.parse(res.stdout) as AnswerRecord
      expect(record.mode).toBe('llm')
      expect(record.llm).toBe('openai-compatible:fake-model')
      expect(record.abstained).toBe(false)
      expect(record.citations).toHaveLength(1)
      expect(record.rejected.map(r => r.text).join(' ')).toContain('cheese')
      expect(llm.requests).toHaveLength(1)
    } finally {
      await llm.close()
    }
  })

  it('answers in agent mode through a tool-calling server', async () => {
    const llm = await fakeLlmServer()
    try {
      const res = await cli(['ask', 'How do I make a storage deal?', '--json', '--mode', 'agent', '--llm-url', llm.url, '--llm-model', 'fake-model'])
      expect(res.stderr).toBe('')
      expect(res.code).toBe(0)
      const record = JSON.parse(res.stdout) as AnswerRecord
      expect(record.mode).toBe('agent')
      expect(record.llm).toBe('agent:openai-compatible:fake-model')
      expect(record.abstained).toBe(false)
      expect(record.citations).toHaveLength(1)
      expect(record.contexts.map(c => c.chunkCid)).toContain(record.citations[0]?.chunkCid)
      expect(record.rejected.map(r => r.text).join(' ')).toContain('cheese')
      const request = llm.requests[0] as { tools?: Array<{ function: { name: string } }> }
      expect(request.tools?.map(t => t.function.name)).toContain('quarry_search')
    } finally {
      await llm.close()
    }
  })

  it('names the bad flag', async () => {
    const cases: Array<[string[], string]> = [
      [['-k', '0'], '-k must be a positive integer'],
      [['--mode', 'oracle'], '--mode must be one of extractive, llm, agent'],
      [['--search-mode', 'fuzzy'], '--search-mode must be one of'],
      [['--mode', 'llm'], '--mode llm needs a chat model: pass --llm-url'],
      [['--llm-url', 'not a url', '--llm-model', 'm'], '--llm-url must be an http(s) URL'],
      [['--llm-url', 'http://127.0.0.1:9/v1'], '--llm-model is required with --llm-url'],
      [['--gguf', '/nonexistent/model.gguf'], '--gguf: no model file at'],
      [['--mode', 'agent', '--gguf', shared('models/stories260K.gguf')], '--mode agent needs a tool-calling model'],
      [['--llm-url', 'http://127.0.0.1:9/v1', '--llm-model', 'm', '--gguf', shared('models/stories260K.gguf')], '--llm-url and --gguf cannot be used together'],
      [['--corpus', 'no-such-corpus'], 'no-such-corpus'],
      [['--min-answerability', '1.5'], '--min-answerability must be a number from 0 to 1, got "1.5"'],
      [['--min-answerability', 'high'], '--min-answerability must be a number from 0 to 1, got "high"']
    ]
    const results = await Promise.all(cases.map(async ([flags]) => cli(['ask', 'anything', ...flags])))
    cases.forEach(([flags, message], i) => {
      expect(results[i]?.code, flags.join(' ')).toBe(1)
      expect(results[i]?.stderr, flags.join(' ')).toContain(message)
    })
  })
})
