import { describe, it, expect } from 'vitest'
import { httpToken, mcpCommand, parsePort } from './mcp-command.js'

describe('quarry mcp options', () => {
  it('parses --http ports', () => {
    expect(parsePort('0')).toBe(0)
    expect(parsePort('8765')).toBe(8765)
    for (const bad of ['', '-1', '65536', '80.5', 'http']) expect(() => parsePort(bad)).toThrow(/--http must be a port number/)
  })

  it('takes the token from --token, else QUARRY_MCP_TOKEN, and refuses none', () => {
    expect(httpToken('flag', { QUARRY_MCP_TOKEN: 'env' })).toBe('flag')
    expect(httpToken(undefined, { QUARRY_MCP_TOKEN: 'env' })).toBe('env')
    expect(() => httpToken(undefined, {})).toThrow(expect.objectContaining({ name: 'MissingTokenError', message: expect.stringMatching(/--token.*QUARRY_MCP_TOKEN/) }))
    expect(() => httpToken('  ', {})).toThrow(/Refusing/)
  })

  it('declares its options', () => {
    const names = mcpCommand().options.map(o => o.long)
    expect(names).toEqual(['--http', '--token', '--corpus', '--embedder', '--no-warm'])
  })
})
