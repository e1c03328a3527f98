import { describe, it, expect } from 'vitest'
import { z } from 'zod'
import { defineTool } from './define-tool.js'

describe('defineTool', () => {
  it('returns the tool, typed by its schema, and runs it', async () => {
    const t = defineTool({
      name: 'echo_twice',
      description: 'Repeat text',
      schema: z.object({ text: z.string(), times: z.number().int().default(2) }),
      async execute (input) {
        return { text: input.text.repeat(input.times) }
      }
    })
    expect(t.name).toBe('echo_twice')
    const input = t.schema.parse({ text: 'ab' })
    expect(await t.execute(input, {})).toEqual({ text: 'abab' })
  })

  it('rejects names that are not snake_case', () => {
    expect(() => defineTool({ name: 'Quarry Search', description: '', schema: z.object({}), async execute () { return 1 } })).toThrow(/snake_case/)
  })
})
