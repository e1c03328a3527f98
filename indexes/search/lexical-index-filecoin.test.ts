import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { chunkBody, chunkContext, loadLexicalIndex, type LexicalIndex, type QuarryIndex } from '../index.js'
import { createReferenceLexicalIndex, expectSameResults, type ReferenceLexicalIndex } from './test-fixtures/format3-lexical-index.js'
import { openTestSession } from '../../test/helpers/test-home.js'

/**
 * The Filecoin docs index of the prebuilt test home (lexical format 4)
 * against the format 3 reference (map-based BM25) over the same chunks:
 * identical scores, rankings and coverage for random queries.
 */
describe('lexical format 4 on the Filecoin docs index', () => {
  let session: Awaited<ReturnType<typeof openTestSession>>['session']
  let close = async (): Promise<void> => {}
  let index: QuarryIndex
  let reference: ReferenceLexicalIndex
  let queries: string[]

  beforeAll(async () => {
    ({ session, close } = await openTestSession('quarry-lexical-format4-'))
    index = await session.openIndex({ ref: 'filecoin-docs', dense: 'none' })
    const { feedback, ...bm25 } = (index.lexical as LexicalIndex).params
    reference = createReferenceLexicalIndex(bm25, feedback)
    reference.add(index.chunks.map((chunk, id) => ({ id, text: chunkBody(chunk), context: chunkContext(chunk) })))
    let seed = 11
    const rand = (): number => { seed = (seed * 1664525 + 1013904223) >>> 0; return seed / 2 ** 32 }
    queries = ['What is a sector?', 'How long does a storage deal last?', 'Proof-of-Spacetime WindowPoSt', 'FIL gas fee', 'the of and']
    while (queries.length < 150) {
      const words = (index.chunks[Math.floor(rand() * index.chunks.length)]?.text ?? '').split(/\s+/)
      const at = Math.floor(rand() * words.length)
      queries.push(words.slice(at, at + 1 + Math.floor(rand() * 5)).join(' '))
    }
  }, 900_000)
  afterAll(async () => close())

  it('the pinned index scores every query exactly as format 3 did', () => {
    expect(index.lexical.size).toBe(index.chunks.length)
    expectSameResults(index.lexical as LexicalIndex, reference, queries, [0, 1, 2, index.chunks.length - 1])
  })

  it('a format 3 file of the same chunks loads (converted) to the same results', () => {
    expectSameResults(loadLexicalIndex(reference.toJSON()), reference, queries.slice(0, 50), [0, 5])
  })
})
