/**
 * Export to promptfoo: one test per dataset question, with assertions on the
 * answer and on its citations, for a config whose provider is
 * `file://eval/promptfoo-provider.mjs`.
 *
 * @packageDocumentation
 */

import { stringify } from 'yaml'
import type { QaSample } from '../qa-dataset.js'

/** A promptfoo assertion */
export interface PromptfooAssertion {
  type: string
  value?: string
  threshold?: number
  /** Named metric the assertion's score is reported under */
  metric?: string
}

/** A promptfoo test case */
export interface PromptfooTest {
  description: string
  /** `question` is what the provider answers; every var is a string (promptfoo expands array vars into several tests) */
  vars: { question: string }
  assert: PromptfooAssertion[]
  metadata: { id: string, relevant: string[] }
}

/** Options for {@link toPromptfooTest} */
export interface ToPromptfooTestOptions {
  /**
   * How to compare the answer with the reference answer: `rouge-n` (runs
   * offline), `similar` (embedding similarity), `factuality` (model-graded),
   * or `false` for no answer assertion
   *
   * @default 'rouge-n'
   */
  answerAssertion?: 'rouge-n' | 'similar' | 'factuality' | false
  /**
   * Pass mark of a `rouge-n` or `similar` answer assertion
   *
   * @default 0.3 for rouge-n, 0.75 for similar
   */
  threshold?: number
  /**
   * Assert that at least one citation (from the provider's
   * `metadata.citations`) is a `relevant` source of the sample
   *
   * @default true when the sample lists relevant sources
   */
  requireRelevantCitation?: boolean
}

/**
 * Builds the promptfoo test of one dataset question. The citation assertion
 * is a `javascript` assertion that applies the same matching rules as
 * `citationMatches()` (path with or without `./`, document CID, `file#id`
 * record ids) to `context.providerResponse.metadata.citations`.
 */
export function toPromptfooTest (sample: QaSample, options: ToPromptfooTestOptions = {}): PromptfooTest {
  const assert: PromptfooAssertion[] = []
  const kind = options.answerAssertion ?? 'rouge-n'
  if (kind !== false && sample.answer !== undefined) {
    const value = escapeNunjucks(sample.answer)
    if (kind === 'factuality') assert.push({ type: 'factuality', value, metric: 'answer' })
    else assert.push({ type: kind, value, threshold: options.threshold ?? (kind === 'rouge-n' ? 0.3 : 0.75), metric: 'answer' })
  }
  if ((options.requireRelevantCitation ?? true) && sample.relevant.length > 0) {
    assert.push({ type: 'javascript', value: relevantCitationAssertion(sample.relevant), metric: 'relevant_cited' })
  }
  return {
    description: `${sample.id}: ${sample.question}`,
    vars: { question: sample.question },
    assert,
    metadata: { id: sample.id, relevant: [...sample.relevant] }
  }
}

/**
 * Text for a promptfoo field that promptfoo renders with Nunjucks (assertion
 * values): text holding template syntax (`{% hint %}` in GitBook pages, `{{`,
 * `{#`) is wrapped in `{% raw %}…{% endraw %}` so it reaches the assertion as
 * written instead of failing with "unknown block tag"; other text is returned
 * unchanged. An `{% endraw %}` inside the text is split so it cannot end the
 * raw block early.
 */
export function escapeNunjucks (text: string): string {
  if (!/\{[%{#]|[%}#]\}/.test(text)) return text
  return `{% raw %}${text.replace(/\{%-?\s*endraw\s*-?%\}/g, m => `{% endraw %}${m.replace('{%', "{{ '{%' }}")}{% raw %}`)}{% endraw %}`
}

/**
 * The body of a promptfoo `javascript` assertion (it receives `output` and
 * `context`) that passes when a citation matches one of `relevant`.
 */
export function relevantCitationAssertion (relevant: readonly string[]): string {
  return [
    `const relevant = ${JSON.stringify(relevant)}`,
    "const norm = p => String(p).trim().replace(/^(?:\\.\\/|\\/)+/, '')",
    'const citations = (context.providerResponse && context.providerResponse.metadata && context.providerResponse.metadata.citations) || []',
    'const matches = (c, r) => {',
    '  const want = String(r).trim()',
    "  if (want === '') return false",
    '  if (c.docCid === want) return true',
    '  const path = norm(c.path)',
    '  if (path === norm(want)) return true',
    "  const hash = path.indexOf('#')",
    '  return hash !== -1 && (path.slice(hash + 1) === want || path.slice(0, hash) === norm(want))',
    '}',
    'const hit = citations.find(c => relevant.some(r => matches(c, r)))',
    "return { pass: hit !== undefined, score: hit === undefined ? 0 : 1, reason: hit === undefined ? `no citation of ${relevant.join(', ')} among ${citations.length} citations` : `cites ${hit.path}` }"
  ].join('\n')
}

/** Options for {@link toPromptfooConfig} */
export interface ToPromptfooConfigOptions {
  /**
   * Provider id (path relative to where promptfoo runs)
   *
   * @default 'file://eval/promptfoo-provider.mjs'
   */
  provider?: string
  /** Provider config (e.g. `{ corpus, mode }`, see `eval/promptfoo-provider.mjs`) */
  providerConfig?: Record<string, unknown>
  /** Config description */
  description?: string
}

/**
 * A complete promptfoo config: the prompt is the bare question
 * (`{{question}}`), the provider is Quarry's, and the tests are inline.
 */
export function toPromptfooConfig (tests: Iterable<PromptfooTest>, options: ToPromptfooConfigOptions = {}): Record<string, unknown> {
  const id = options.provider ?? 'file://eval/promptfoo-provider.mjs'
  return {
    description: options.description ?? 'Quarry answers with verifiable citations',
    prompts: ['{{question}}'],
    providers: [options.providerConfig === undefined ? { id } : { id, config: options.providerConfig }],
    tests: [...tests]
  }
}

/** The tests (or a whole config) as YAML, for `tests: file://tests.yaml` or `promptfooconfig.yaml` */
export function toPromptfooYaml (value: Iterable<PromptfooTest> | Record<string, unknown>): string {
  return stringify(Symbol.iterator in value ? [...(value as Iterable<PromptfooTest>)] : value, { lineWidth: 0 })
}

/** The tests as JSON, for `tests: file://tests.json` in a promptfoo config */
export function toPromptfooTestsJson (tests: Iterable<PromptfooTest>): string {
  return JSON.stringify([...tests], null, 2) + '\n'
}
