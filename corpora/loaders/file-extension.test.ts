import { describe, it, expect } from 'vitest'
import { fileExtension } from './file-extension.js'

describe('fileExtension', () => {
  it('lower-cases the last extension of the last segment', () => {
    expect(fileExtension('docs/Intro.MD')).toBe('.md')
    expect(fileExtension('a.tar.gz')).toBe('.gz')
    expect(fileExtension('v1.2/README')).toBe('')
    expect(fileExtension('.gitignore')).toBe('')
    expect(fileExtension('dir/.env')).toBe('')
  })
})
