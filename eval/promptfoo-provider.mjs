/**
 * A promptfoo custom provider that answers with Quarry.
 *
 * ```yaml
 * # promptfooconfig.yaml (see eval/exports/promptfoo.ts → toPromptfooConfig)
 * prompts: ['{{question}}']
 * providers:
 *   - id: file://eval/promptfoo-provider.mjs
 *     config: { corpus: filecoin-docs, mode: extractive }
 * tests: file://tests.yaml
 * ```
 *
 * Settings, config first, then environment: `corpus` / `QUARRY_CORPUS`,
 * `index` / `QUARRY_INDEX`, `mode` / `QUARRY_MODE`, `home` / `QUARRY_HOME`,
 * and `module` / `QUARRY_MODULE` (the module exporting `openQuarry`, default
 * `../dist/index.js` beside this file; run `npm run build` first).
 *
 * The answer text is the output; the citations (with their CIDs) and the rest
 * of the answer record ride along as `metadata`, where assertions read them as
 * `context.providerResponse.metadata.citations`.
 *
 * ASSUMPTION: `answer()` is not written yet. This provider is written against
 * the assumed top-level API
 *   import { openQuarry } from '../dist/index.js'
 *   const q = await openQuarry({ home })
 *   const record = await q.ask(question, { corpus, mode })  // an AnswerRecord
 * Adjust `#open()` and `callApi()` when the real API lands.
 */

import path from 'node:path'
import { pathToFileURL } from 'node:url'

export default class QuarryProvider {
  /** @type {string} */
  #id
  /** @type {Record<string, unknown>} */
  #config
  /** @type {Promise<any> | undefined} */
  #quarry

  /** @param {{ id?: string, label?: string, config?: Record<string, unknown> }} [options] */
  constructor (options = {}) {
    this.#id = options.id ?? 'quarry'
    this.#config = options.config ?? {}
    if (options.label !== undefined) this.label = options.label
  }

  /** @returns {string} */
  id () {
    return this.#id
  }

  /**
   * @param {string} prompt the rendered prompt (`{{question}}`)
   * @param {{ vars?: Record<string, unknown> }} [context]
   * @param {{ abortSignal?: AbortSignal }} [options]
   */
  async callApi (prompt, context, options) {
    const question = typeof context?.vars?.question === 'string' ? context.vars.question : prompt
    try {
      const quarry = await this.#open()
      const corpus = this.#setting('corpus', 'QUARRY_CORPUS')
      const index = this.#setting('index', 'QUARRY_INDEX')
      const mode = this.#setting('mode', 'QUARRY_MODE')
      const started = performance.now()
      const record = await quarry.ask(question, {
        ...(corpus === undefined ? {} : { corpus }),
        ...(index === undefined ? {} : { index }),
        ...(mode === undefined ? {} : { mode }),
        ...(options?.abortSignal === undefined ? {} : { signal: options.abortSignal })
      })
      return {
        output: record.answer,
        latencyMs: Math.round(record.timings?.totalMs ?? performance.now() - started),
        metadata: {
          citations: record.citations,
          abstained: record.abstained,
          contexts: record.contexts,
          mode: record.mode,
          corpusCid: record.corpusCid,
          indexCid: record.indexCid,
          embedder: record.embedder,
          llm: record.llm,
          timings: record.timings
        }
      }
    } catch (err) {
      return { error: `quarry: ${err instanceof Error ? err.message : String(err)}` }
    }
  }

  /** Closes Quarry, if it was opened (promptfoo calls `cleanup` when the eval ends) */
  async cleanup () {
    const quarry = this.#quarry === undefined ? undefined : await this.#quarry.catch(() => undefined)
    this.#quarry = undefined
    if (typeof quarry?.close === 'function') await quarry.close()
  }

  /** @returns {Promise<any>} */
  #open () {
    if (this.#quarry === undefined) {
      this.#quarry = (async () => {
        const specifier = this.#setting('module', 'QUARRY_MODULE')
        const url = specifier === undefined
          ? new URL('../dist/index.js', import.meta.url).href
          : (/^[a-z][a-z0-9+.-]+:/i.test(specifier) ? specifier : pathToFileURL(path.resolve(specifier)).href)
        const { openQuarry } = await import(url)
        if (typeof openQuarry !== 'function') throw new Error(`${url} does not export openQuarry()`)
        const home = this.#setting('home', 'QUARRY_HOME')
        return await openQuarry(home === undefined ? {} : { home })
      })()
      // a failed open is retried on the next call
      this.#quarry.catch(() => { this.#quarry = undefined })
    }
    return this.#quarry
  }

  /**
   * @param {string} key
   * @param {string} env
   * @returns {string | undefined}
   */
  #setting (key, env) {
    const value = this.#config[key] ?? process.env[env]
    return value === undefined || value === '' ? undefined : String(value)
  }
}
