import { describe, it, expect } from 'vitest'
import { expandFollowUp, isFollowUp, questionSubject, standaloneQuestion } from './standalone-question.js'
import type { ChatMessage, ChatModel } from './llm/chat-model.js'

describe('follow-up questions', () => {
  it('replaces a pronoun with the subject of the previous turn', () => {
    expect(expandFollowUp('How does it get paid?', [{ question: 'What is a storage provider?' }])).toBe('How does storage provider get paid?')
    expect(expandFollowUp("What's its contract address on mainnet?", [{ question: 'What is wrapped FIL?' }])).toBe("What's wrapped FIL's contract address on mainnet?")
    expect(expandFollowUp('What database does it need since version 2.0?', [{ question: "What does Boost do in a storage provider's software stack?" }]))
      .toBe('What database does Boost need since version 2.0?')
    expect(expandFollowUp('Which of the two matters less?', [{ question: 'What do RTO and RPO mean?' }])).toBe('Which of RTO and RPO matters less?')
  })

  it('completes an ellipsis and uses the standalone form of an earlier follow-up', () => {
    expect(expandFollowUp('And on mainnet?', [{ question: 'What is the block time?' }])).toBe('And on mainnet (block time)?')
    expect(expandFollowUp('Who runs them?', [{ question: 'What is it?', standalone: 'What is a Saturn L1 node?' }])).toBe('Who runs Saturn L1 node?')
  })

  it('adds the previous question\'s words beside a demonstrative or when its subject names nothing', () => {
    // "that command" is lassie fetch, not the flag the previous question asked about
    expect(expandFollowUp('If I run that command without -o, where does the data end up?', [{ question: 'What does the -p flag do when I run lassie fetch?' }]))
      .toBe('If I run that command without -o, where does the data end up (flag run lassie fetch)?')
    expect(isFollowUp('How does that approach compare with rollups?')).toBe(true)
    expect(isFollowUp('Is it true that sectors expire?')).toBe(true) // "it", not "that"
    expect(isFollowUp('How do I check that sectors are proven?')).toBe(false)
    // "What was it?" has no subject of its own: the scene before it says what "it" is
    expect(expandFollowUp('When was it shut down?', [{ question: 'Older tutorials keep mentioning Estuary. What was it?' }]))
      .toBe('When was it shut down (Older tutorials keep mentioning Estuary)?')
  })

  it('leaves standalone questions and first turns alone', () => {
    expect(isFollowUp('How do I install Lotus on Ubuntu?')).toBe(false)
    expect(expandFollowUp('How do I install Lotus on Ubuntu?', [{ question: 'What is a sector?' }])).toBe('How do I install Lotus on Ubuntu?')
    expect(expandFollowUp('How does it get paid?', [])).toBe('How does it get paid?')
    expect(questionSubject('How much does storage cost per month?')).toBe('storage cost month')
  })

  it('lets a chat model condense the conversation, falling back on an empty reply', async () => {
    const seen: ChatMessage[][] = []
    // a scripted stand-in for a remote LLM: its judgement cannot exist here
    const model = (reply: string): ChatModel => ({ id: 'scripted', chat: async (messages) => { seen.push(messages); return reply } })
    const history = [{ question: 'What is a storage provider?', answer: 'A storage provider stores data. [1]' }]
    expect(await standaloneQuestion('How does it get paid?', history, { llm: model('Standalone question: How does a storage provider get paid?') }))
      .toBe('How does a storage provider get paid?')
    expect(seen[0]?.at(-1)?.content).toContain('User: What is a storage provider?\nAssistant: A storage provider stores data. [1]\nUser: How does it get paid?')
    expect(await standaloneQuestion('How does it get paid?', history, { llm: model('  \n') })).toBe('How does storage provider get paid?')
    expect(await standaloneQuestion('How do I install Lotus on Ubuntu?', history, { llm: model('ignored') })).toBe('How do I install Lotus on Ubuntu?')
  })
})
