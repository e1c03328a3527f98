/**
 * A promptfoo custom provider that answers with Quarry.
 *
 * ```yaml
 * # promptfooconfig.yaml (`quarry eval qa --export promptfoo` writes one;
 * # see eval/exports/promptfoo.ts → toPromptfooConfig)
 * prompts: ['{{question}}']
 * providers:
 *   - id: file://eval/promptfoo-provider.mjs
 *     config: { corpus: filecoin-docs, mode: extractive }
 * tests: file://tests.yaml
 * ```
 *
 * Settings, config first, then environment:
 *
 * - `index` / `QUARRY_INDEX`: index CID; or `corpus` / `QUARRY_CORPUS`: corpus
 *   name or CID (its newest index; default: the session's default corpus)
 * - `mode` / `QUARRY_MODE`: `extractive` (default) or `llm`
 * - `searchMode` (`dense` | `lexical` | `hybrid`, default `hybrid`) and `k`
 *   (passages, default 5): config only
 * - `home` / `QUARRY_HOME`: the Quarry home
 * - for `llm` mode: `llmUrl` / `QUARRY_LLM_BASE_URL`, `llmModel` /
 *   `QUARRY_LLM_MODEL`, and the key from `QUARRY_LLM_API_KEY` (never from the
 *   config, which is often committed)
 * - `module` / `QUARRY_MODULE`: a module exporting `openQuarrySession`,
 *   `answer` (and `createOpenAICompatibleChat` for `llm` mode), or a Quarry
 *   package folder (its built `dist/`); default: the built files under
 *   `../dist/` when this file sits in the Quarry package (run `npm run build`
 *   first), else the `quarry` package as Node resolves it from this file (an
 *   installed `quarry`, or this checkout when the file is inside it)
 *
 * `quarry eval qa --export promptfoo` writes a copy of this file beside the
 * config (`quarry-provider.mjs`), so the config names its provider without a
 * path into the checkout that wrote it.
 *
 * One session (Helia node) and index are opened on the first call and shared
 * by every call; promptfoo's `cleanup` closes them. The answer text is the
 * output; the citations (with their CIDs) and the rest of the answer record
 * ride along as `metadata`, where assertions read them as
 * `context.providerResponse.metadata.citations`.
 */

import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

export default class QuarryProvider {
  /** @type {string} */
  #id
  /** @type {Record<string, unknown>} */
  #config
  /** @type {Promise<{ api: any, session: any, index: any, llm: any }> | undefined} */
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
      const { api, index, llm } = await this.#open()
      const mode = this.#setting('mode', 'QUARRY_MODE') ?? 'extractive'
      const k = this.#setting('k')
      const searchMode = this.#setting('searchMode')
      const started = performance.now()
      const record = await api.answer({
        question,
        index,
        mode,
        ...(k === undefined ? {} : { k: Number(k) }),
        ...(searchMode === undefined ? {} : { searchMode }),
        ...(llm === undefined ? {} : { llm }),
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
    await quarry?.llm?.dispose?.()
    if (typeof quarry?.session?.close === 'function') await quarry.session.close()
  }

  /** @returns {Promise<{ api: any, session: any, index: any, llm: any }>} */
  #open () {
    if (this.#quarry === undefined) {
      this.#quarry = (async () => {
        const api = await this.#api()
        const home = this.#setting('home', 'QUARRY_HOME')
        const ref = this.#setting('index', 'QUARRY_INDEX') ?? this.#setting('corpus', 'QUARRY_CORPUS')
        const llm = this.#llm(api)
        const session = await api.openQuarrySession(home === undefined ? {} : { home })
        try {
          const index = await session.openIndex(ref === undefined ? {} : { ref })
          return { api, session, index, llm }
        } catch (err) {
          await session.close()
          throw err
        }
      })()
      // a failed open is retried on the next call
      this.#quarry.catch(() => { this.#quarry = undefined })
    }
    return this.#quarry
  }

  /** The functions the provider uses, from `module` or from the built package */
  async #api () {
    const specifier = this.#setting('module', 'QUARRY_MODULE')
    if (specifier !== undefined) {
      const url = /^[a-z][a-z0-9+.-]+:/i.test(specifier) ? specifier : pathToFileURL(path.resolve(specifier)).href
      // a Quarry package folder: its built session and agent entries
      const folder = new URL(url.endsWith('/') ? url : `${url}/`)
      if (await isQuarryPackage(folder)) return loadQuarry(sub => new URL(`dist/${sub}/index.js`, folder).href)
      const api = await import(url)
      for (const name of ['openQuarrySession', 'answer']) {
        if (typeof api[name] !== 'function') throw new Error(`${url} does not export ${name}()`)
      }
      return api
    }
    const here = new URL('../', import.meta.url)
    const beside = await isQuarryPackage(here)
    try {
      return await loadQuarry(sub => beside ? new URL(`dist/${sub}/index.js`, here).href : `quarry/${sub}`)
    } catch (err) {
      if (beside || err?.code !== 'ERR_MODULE_NOT_FOUND') throw err
      throw new Error('cannot find Quarry from this provider: set QUARRY_MODULE (or the provider config `module`) to the Quarry folder, e.g. QUARRY_MODULE=/path/to/quarry, or install quarry where the config is', { cause: err })
    }
  }

  /** The chat model for `llm` mode, else undefined */
  #llm (api) {
    if ((this.#setting('mode', 'QUARRY_MODE') ?? 'extractive') !== 'llm') return undefined
    const baseURL = this.#setting('llmUrl', 'QUARRY_LLM_BASE_URL')
    const model = this.#setting('llmModel', 'QUARRY_LLM_MODEL')
    if (baseURL === undefined || model === undefined) throw new Error('llm mode needs llmUrl and llmModel (or QUARRY_LLM_BASE_URL and QUARRY_LLM_MODEL)')
    if (typeof api.createOpenAICompatibleChat !== 'function') throw new Error('the Quarry module does not export createOpenAICompatibleChat()')
    const apiKey = process.env.QUARRY_LLM_API_KEY
    return api.createOpenAICompatibleChat({ baseURL, model, ...(apiKey === undefined || apiKey === '' ? {} : { apiKey }) })
  }

  /**
   * @param {string} key
   * @param {string} [env]
   * @returns {string | undefined}
   */
  #setting (key, env) {
    const value = this.#config[key] ?? (env === undefined ? undefined : process.env[env])
    return value === undefined || value === '' ? undefined : String(value)
  }
}

/**
 * The functions the provider uses, from Quarry's `session` and `agent` entries
 * @param {(sub: string) => string} entry the specifier of an entry
 */
async function loadQuarry (entry) {
  const [{ openQuarrySession }, { answer, createOpenAICompatibleChat }] = await Promise.all([
    import(entry('session')),
    import(entry('agent'))
  ])
  return { openQuarrySession, answer, createOpenAICompatibleChat }
}

/**
 * True when `folder` (a file: URL ending in `/`) holds the Quarry package
 * @param {URL} folder
 */
async function isQuarryPackage (folder) {
  if (folder.protocol !== 'file:') return false
  try {
    const pkg = JSON.parse(await readFile(new URL('package.json', folder), 'utf8'))
    return pkg?.name === 'quarry'
  } catch {
    return false
  }
}
