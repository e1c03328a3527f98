import { describe, it, expect } from 'vitest'
import { exactMatch } from './exact-match.js'

describe('exactMatch', () => {
  it('compares normalised answers, citation markers removed', () => {
    expect(exactMatch('The Filecoin Virtual Machine [1].', 'filecoin virtual machine')).toBe(1)
    expect(exactMatch('Filecoin', 'Filecoin VM')).toBe(0)
  })
})
