import { describe, it, expect } from 'vitest'
import { fileTitle } from './file-title.js'

describe('fileTitle', () => {
  it('is the last segment without extension', () => {
    expect(fileTitle('basics/what-is-filecoin/README.md')).toBe('README')
    expect(fileTitle('104-10004-10143 (C06932208).md')).toBe('104-10004-10143 (C06932208)')
    expect(fileTitle('LICENSE')).toBe('LICENSE')
    expect(fileTitle('.env')).toBe('.env')
  })
})
