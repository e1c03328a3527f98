/**
 * Where a search process's memory goes: `process.memoryUsage()` after opening
 * an index (embedded, or with `--store postgres://…`), after a GC, and after
 * one search. Run with `--expose-gc`.
 *
 *   node --expose-gc --import tsx bench/store-scale/open-memory.ts --home <home> --index <cid> [--store postgres://…] [--mode lexical]
 */
import { parseArgs } from 'node:util'
import type { SearchMode } from '../../indexes/index.js'
import { openQuarrySession } from '../../session/index.js'

const { values } = parseArgs({ options: { home: { type: 'string' }, index: { type: 'string' }, store: { type: 'string' }, mode: { type: 'string', default: 'lexical' }, query: { type: 'string', default: 'Oswald trip to Mexico City' } } })
const at = (step: string): void => {
  const m = process.memoryUsage()
  const mb = (x: number): string => (x / 1e6).toFixed(0)
  process.stdout.write(`| ${values.store === undefined ? 'embedded' : 'Postgres store'} | ${step} | ${mb(m.rss)} | ${mb(m.heapUsed)} | ${mb(m.arrayBuffers)} |\n`)
}
const gc = (globalThis as { gc?: () => void }).gc
const session = await openQuarrySession({ ...(values.home === undefined ? {} : { home: values.home }) })
at('session open')
const index = await session.openIndex({ ref: values.index, ...(values.store === undefined ? {} : { store: values.store }) })
at('index open')
gc?.()
at('after GC')
await index.search(values.query ?? '', { k: 10, mode: values.mode as SearchMode })
at('after one search')
await session.close()
process.exit(0)
