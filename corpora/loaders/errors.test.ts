import { describe, it, expect } from 'vitest'
import { CorpusLoadError } from './errors.js'

describe('loader errors', () => {
  it('CorpusLoadError has a stable name and code, and keeps cause, path and line', () => {
    const cause = new SyntaxError('bad')
    const err = new CorpusLoadError('nope', { cause, path: 'a.jsonl', line: 3 })
    expect(CorpusLoadError.name).toBe('CorpusLoadError')
    expect(err.name).toBe('CorpusLoadError')
    expect(err.code).toBe('ERR_CORPUS_LOAD')
    expect(err.cause).toBe(cause)
    expect([err.path, err.line]).toEqual(['a.jsonl', 3])
  })
})
