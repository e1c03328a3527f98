/**
 * Follow-up questions in a conversation: "How does it get paid?" after "What
 * is a storage provider?" is retrieved as "How does a storage provider get
 * paid?". Without a language model, a pronoun is replaced by (or an ellipsis
 * completed with) the subject of the previous turn; with one, the model
 * condenses the conversation into a standalone question.
 *
 * @packageDocumentation
 */

import { contentTerms } from './relevance.js'
import type { ChatModel } from './llm/chat-model.js'
import type { AbortOptions } from '@libp2p/interface'

/** One earlier turn of a conversation */
export interface ConversationTurn {
  /** The question as asked */
  question: string
  /** The standalone form it was answered as, when it was a follow-up */
  standalone?: string
  /** The answer text, when known */
  answer?: string
}

/** Options for {@link standaloneQuestion} */
export interface StandaloneQuestionOptions extends AbortOptions {
  /** When set, the model condenses the conversation into a standalone question */
  llm?: ChatModel
}

/** Third-person pronouns that point back at the previous turn's subject ("its" first, so it is matched whole) */
const PRONOUN = /\b(its|it|they|them|their|theirs|the two|both of them|either of them|each of them|this one|that one)\b/i
/**
 * A demonstrative that points back ("that command", "this approach", "those
 * fees"): this/these/those before a word, or "that" before a word where it
 * follows a verb or preposition ("run that command", "does that approach")
 * rather than opening a clause
 */
const DEMONSTRATIVE = /\b(?:this|these|those)\s+[\p{L}][\p{L}-]*|\b(?:with|from|of|in|on|about|for|by|to|into|run|use|using|does|do|did|is|are|was|were|can|will)\s+that\s+[\p{L}][\p{L}-]*/iu
/** A subject that is itself a reference and names nothing ("What was it?") */
const REFERENCE_ONLY = /^(?:it|this|that|they|them|these|those|one|he|she)$/i
/** Openings that continue the previous question ("And on mainnet?", "What about Lotus?") */
const ELLIPSIS = /^\s*(and|also|what about|how about|then|so|but|or)\b/i
/** "What is X", "What are X", "What does X do/mean", "Who is X": the subject X */
const SUBJECT = /\b(?:what|who)\s+(?:exactly\s+)?(?:is|are|was|were|does|do)\s+(?:an?\s+|the\s+)?(.+?)(?:\s+(?:mean|stand\s+for|do|refer\s+to)\b[^,?]*)?(?:\s+(?:on|in|for|of)\s+(?:the\s+)?(?:filecoin|list|ecosystem|network)\b.*)?(?:[,?]|\s+and\s+(?:what|how|why|when|which)\b|$)/i
/** Longest subject, in words, taken from a previous question */
const MAX_SUBJECT_WORDS = 8
/** A question with at most this many content terms and no subject of its own is treated as elliptical */
const ELLIPTICAL_TERMS = 1

/** Whether `question` leans on an earlier turn: a pronoun, an elliptical opening, or next to no content of its own */
export function isFollowUp (question: string): boolean {
  return PRONOUN.test(question) || DEMONSTRATIVE.test(question) || ELLIPSIS.test(question) || contentTerms(question).length <= ELLIPTICAL_TERMS
}

/**
 * The subject of a question, as words: the X of "What is X?" (articles and a
 * trailing "in Filecoin" dropped), else its content words in order.
 */
export function questionSubject (question: string): string {
  return subjectOf(question).words
}

/**
 * The subject of a question and whether it is a noun phrase ("What is X?"),
 * which may stand in for a pronoun, or only the question's content words,
 * which may not (they are added beside the follow-up instead). A "What is
 * X?" whose X is itself a reference ("…mentioning Estuary. What was it?")
 * gives the content words.
 */
function subjectOf (question: string): { words: string, phrase: boolean } {
  const m = SUBJECT.exec(question)
  const subject = m?.[1]?.trim()
  if (subject !== undefined && subject !== '' && !REFERENCE_ONLY.test(subject) && subject.split(/\s+/).length <= MAX_SUBJECT_WORDS) return { words: subject, phrase: true }
  return { words: contentWords(question), phrase: false }
}

/** A question's first {@link MAX_SUBJECT_WORDS} content words, in order, without references or trailing punctuation */
function contentWords (question: string): string {
  const words = question.split(/\s+/).map(w => w.replace(/[?!.,;:]+$/, ''))
  return words.filter(w => contentTerms(w).length > 0 && !REFERENCE_ONLY.test(w)).slice(0, MAX_SUBJECT_WORDS).join(' ')
}

/**
 * Rewrite a follow-up as a standalone question without a model: the first
 * pronoun becomes the previous turn's subject ("its" → "X's") when that
 * subject is a noun phrase; otherwise (a demonstrative such as "that
 * command", an elliptical question, a previous turn with no "What is X?"
 * subject) the previous turn's subject or content words are added in
 * parentheses. A question that does not lean on the conversation is returned
 * as it is.
 */
export function expandFollowUp (question: string, history: readonly ConversationTurn[]): string {
  const last = history.at(-1)
  if (last === undefined || !isFollowUp(question)) return question
  const { words: subject, phrase } = subjectOf(last.standalone ?? last.question)
  if (subject === '') return question
  const m = phrase ? PRONOUN.exec(question) : null
  if (m !== null) {
    const word = m[0].toLowerCase()
    const replacement = word === 'its' || word === 'their' || word === 'theirs' ? `${subject}'s` : subject
    return question.slice(0, m.index) + replacement + question.slice(m.index + m[0].length)
  }
  // "that command" names its own kind of thing: the whole previous question says which one
  const added = DEMONSTRATIVE.test(question) ? contentWords(last.standalone ?? last.question) : subject
  const body = question.trim().replace(/[?!.]+$/, '')
  return `${body} (${added})?`
}

const CONDENSE_PROMPT = 'Rewrite the last question of the conversation as one standalone question that can be understood without the conversation: replace pronouns and fill in what is left out with the subject they refer to. Reply with the question only.'

/**
 * The question to retrieve and answer with: `question` itself when there is
 * no history; with a chat model, the model's standalone rewrite (falling back
 * to {@link expandFollowUp} when it replies with nothing usable); otherwise
 * {@link expandFollowUp}.
 */
export async function standaloneQuestion (question: string, history: readonly ConversationTurn[], options: StandaloneQuestionOptions = {}): Promise<string> {
  if (history.length === 0) return question
  const { llm } = options
  if (llm === undefined || !isFollowUp(question)) return expandFollowUp(question, history)
  const transcript = history.slice(-3).map(t => `User: ${t.standalone ?? t.question}${t.answer !== undefined ? `\nAssistant: ${t.answer.slice(0, 500)}` : ''}`).join('\n')
  const reply = await llm.chat([
    { role: 'system', content: CONDENSE_PROMPT },
    { role: 'user', content: `${transcript}\nUser: ${question}\n\nStandalone question:` }
  ], { temperature: 0, maxTokens: 80, ...(options.signal !== undefined ? { signal: options.signal } : {}) })
  const line = reply.split('\n').map(l => l.replace(/^(standalone question|question)\s*:\s*/i, '').trim()).find(l => l !== '')
  return line !== undefined && line.length <= 500 && contentTerms(line).length > 0 ? line : expandFollowUp(question, history)
}
