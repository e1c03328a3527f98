import { describe, it, expect } from 'vitest'
import { formatAnswer } from './print-answer.js'
import { stripTerminalControls } from './strip-terminal-controls.js'
import type { AnswerRecord } from '../agent/index.js'

describe('stripTerminalControls', () => {
  it('removes CSI, OSC and other escapes, C0/C1 controls and bidi overrides, keeping text, newlines and tabs', () => {
    expect(stripTerminalControls('a\u001b[2J\u001b[1;1Hb')).toBe('ab')
    expect(stripTerminalControls('x\u001b]0;pwned title\u0007y')).toBe('xy')
    expect(stripTerminalControls('x\u001b]8;;http://evil\u001b\\link\u001b]8;;\u001b\\y')).toBe('xlinky')
    expect(stripTerminalControls('back\rspace\b\u0000\u007f\u009b31m')).toBe('backspace')
    expect(stripTerminalControls('safe \u202eevil\u202c text')).toBe('safe evil text')
    expect(stripTerminalControls('line one\n\tline two — ünïcödé')).toBe('line one\n\tline two — ünïcödé')
  })

  it('keeps corpus text in a printed answer from reaching the terminal as escapes', () => {
    const evil = 'Deals last 180 days.\u001b[2K\u001b[1A\u001b[31mFAKE: all verified\u001b[0m'
    const record = {
      version: 1, question: 'q', answer: `${evil} [1]`, sentences: [{ text: evil, citations: [1] }], contexts: [],
      citations: [{ n: 1, chunkCid: 'bafk', docCid: 'bafy', path: 'a\u001b[8m.md', title: 't', quote: evil, byteStart: 0, byteEnd: 1, chunkByteStart: 0, chunkByteEnd: 1 }],
      abstained: false, rejected: [], mode: 'extractive', corpusCid: 'c', indexCid: 'i', embedder: 'e', llm: 'none',
      timings: { retrieveMs: 0, generateMs: 0, checkMs: 0, totalMs: 0 }
    } satisfies AnswerRecord
    const out = formatAnswer(record)
    expect(out).not.toMatch(/\u001b/)
    expect(out).toContain('FAKE: all verified')
  })
})
