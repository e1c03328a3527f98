/**
 * `quarry search` with a question: the words that frame it ("How do I …")
 * weigh a quarter of the words of what it asks about, so FAQ entries that
 * ask other "How do I …" questions do not outrank the page on the subject.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { runCli } from './helpers/cli.js'
import { NO_LLM, prepareHome } from './helpers/test-home.js'
import { HAS_SHARED } from './helpers/shared.js'

interface Printed { results: Array<{ path: string }> }

describe.skipIf(!HAS_SHARED)('quarry search with a question on the embedded Filecoin docs', () => {
  let home: { dir: string, cleanup: () => Promise<void> }
  beforeAll(async () => { home = await prepareHome('quarry-search-q-') })
  afterAll(async () => { await home?.cleanup() })

  it('finds the page on the subject, not FAQ answers to other "How do I …" questions', async () => {
    const res = await runCli(['search', 'How do I shut down my local Lotus devnet?', '-k', '5', '--json'], { home: home.dir, env: NO_LLM })
    expect(res.code, res.stderr).toBe(0)
    const printed = JSON.parse(res.stdout) as Printed
    expect(printed.results[0]?.path).toBe('networks/local-testnet/README.md')
    // and a FAQ question still finds its FAQ entry
    const faq = JSON.parse((await runCli(['search', 'How do I retrieve my data?', '-k', '5', '--json'], { home: home.dir, env: NO_LLM })).stdout) as Printed
    expect(faq.results.some(r => r.path.endsWith('faq.md'))).toBe(true)
  })
})
