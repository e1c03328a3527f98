import { readFileSync } from 'node:fs'
import { describe, it, expect } from 'vitest'
import { parse } from 'yaml'
import { citationMatches } from '../metrics/citation.js'
import { escapeNunjucks, relevantCitationAssertion, toPromptfooConfig, toPromptfooTest, toPromptfooTestsJson, toPromptfooYaml } from './promptfoo.js'
import type { AnswerRecord } from '../../agent/index.js'
import type { QaSample } from '../qa-dataset.js'

const record = JSON.parse(readFileSync(new URL('./answer-record.fixture.json', import.meta.url), 'utf8')) as AnswerRecord

const sample: QaSample = {
  id: 'smart-contracts/fundamentals/faqs.md#28',
  question: 'What is FVM',
  answer: 'The FVM enables developers to write and deploy custom code.',
  relevant: ['smart-contracts/fundamentals/faqs.md'],
  extra: {}
}

/** Runs a javascript assertion body the way promptfoo does: a function of (output, context) */
function runAssertion (body: string, output: string, citations: unknown): { pass: boolean, score: number, reason: string } {
  const fn = new Function('output', 'context', body) as (output: string, context: unknown) => { pass: boolean, score: number, reason: string }
  return fn(output, { vars: {}, providerResponse: { output, metadata: { citations } } })
}

describe('toPromptfooTest', () => {
  it('wraps expected answers holding template syntax (GitBook `{% hint %}`) in a Nunjucks raw block, others as they are', () => {
    const hinted = 'Use `--auto-fund`.\n\n{% hint style="info" %}\nNo manual deposit.\n{% endhint %}'
    expect(toPromptfooTest({ ...sample, answer: hinted }).assert[0]?.value).toBe(`{% raw %}${hinted}{% endraw %}`)
    expect(escapeNunjucks('a {{ var }} and {# note #}')).toBe('{% raw %}a {{ var }} and {# note #}{% endraw %}')
    expect(escapeNunjucks(sample.answer ?? '')).toBe(sample.answer)
    // an endraw inside the text cannot close the block early: it is printed by an expression instead
    expect(escapeNunjucks('x {% endraw %} y')).toBe("{% raw %}x {% endraw %}{{ '{%' }} endraw %}{% raw %} y{% endraw %}")
  })

  it('asks the question and asserts the answer (rouge-n) and a relevant citation', () => {
    const test = toPromptfooTest(sample)
    expect(test.vars).toEqual({ question: 'What is FVM' })
    expect(test.assert.map(a => a.type)).toEqual(['rouge-n', 'javascript'])
    expect(test.assert[0]).toEqual({ type: 'rouge-n', value: sample.answer, threshold: 0.3, metric: 'answer' })
    expect(test.metadata).toEqual({ id: sample.id, relevant: sample.relevant })
  })

  it('offers similar / factuality answer assertions, or none', () => {
    expect(toPromptfooTest(sample, { answerAssertion: 'similar' }).assert[0]).toMatchObject({ type: 'similar', threshold: 0.75 })
    expect(toPromptfooTest(sample, { answerAssertion: 'factuality' }).assert[0]).toEqual({ type: 'factuality', value: sample.answer, metric: 'answer' })
    expect(toPromptfooTest(sample, { answerAssertion: false, requireRelevantCitation: false }).assert).toEqual([])
    expect(toPromptfooTest({ ...sample, answer: undefined, relevant: [] }).assert).toEqual([])
  })

  it('the citation assertion applies the citationMatches rules to the provider metadata', () => {
    const body = relevantCitationAssertion(sample.relevant)
    expect(runAssertion(body, record.answer, record.citations)).toMatchObject({ pass: true, score: 1, reason: 'cites smart-contracts/fundamentals/faqs.md' })
    expect(runAssertion(relevantCitationAssertion(['basics/what-is-filecoin.md']), '', record.citations).pass).toBe(true) // cited as ./basics/…
    expect(runAssertion(relevantCitationAssertion(['bafkreidoc2']), '', record.citations).pass).toBe(true)
    expect(runAssertion(relevantCitationAssertion(['31715818']), '', [{ path: 'corpus.jsonl#31715818', docCid: 'x' }]).pass).toBe(true)
    const miss = runAssertion(relevantCitationAssertion(['other.md']), '', record.citations)
    expect(miss).toMatchObject({ pass: false, score: 0 })
    expect(miss.reason).toContain('other.md')
    expect(runAssertion(body, 'Not found in this corpus.', undefined).pass).toBe(false)
  })
})

describe('relevantCitationAssertion', () => {
  it('agrees with citationMatches case by case', () => {
    const citations = [
      { path: 'a.md', docCid: 'bafkreia' }, { path: './a.md', docCid: 'x' }, { path: '/dir/b.md', docCid: 'x' },
      { path: 'corpus.jsonl#42', docCid: 'x' }, { path: './data.json#k', docCid: 'x' }, { path: 'a.md.bak', docCid: 'x' }
    ]
    const relevant = ['a.md', './a.md', 'dir/b.md', 'bafkreia', '42', 'corpus.jsonl', 'data.json', 'k', '4', 'b.md', '', ' a.md ']
    for (const c of citations) {
      for (const r of relevant) {
        expect(runAssertion(relevantCitationAssertion([r]), '', [c]).pass, `${c.path} vs ${JSON.stringify(r)}`).toBe(citationMatches(c, r))
      }
    }
  })
})

describe('promptfoo serialisation', () => {
  it('writes tests as YAML and JSON that parse back, and a whole config', () => {
    const tests = [toPromptfooTest(sample)]
    expect(parse(toPromptfooYaml(tests))).toEqual(tests)
    expect(JSON.parse(toPromptfooTestsJson(tests))).toEqual(tests)
    const config = toPromptfooConfig(tests, { providerConfig: { corpus: 'filecoin-docs', mode: 'extractive' } })
    expect(parse(toPromptfooYaml(config))).toEqual({
      description: 'Quarry answers with verifiable citations',
      prompts: ['{{question}}'],
      providers: [{ id: 'file://eval/promptfoo-provider.mjs', config: { corpus: 'filecoin-docs', mode: 'extractive' } }],
      tests
    })
  })
})
