/**
 * What kind of answer a sentence carries, against what a question asks for:
 * a number, a date, a name, a reason, a step, a definition of the subject,
 * two things set against each other — and whether the number, date or name
 * stands next to the question's own words. Read by the sentence features.
 *
 * @packageDocumentation
 */

import { contentTerms, STOPWORDS, wordTerms } from '../relevance.js'
import { quantityWords } from '../question-kind.js'
import type { AskedFor } from '../answer-record.js'

const DEFINITION_VERB = /\b(is|are|was|were|refers? to|means|describes|consists? of)\b/i
const NUMBER_WORD = /\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred|thousand|million|billion|half|quarter|dozen|once|twice|daily|weekly|monthly|hourly|annually)\b/i
const DATE = /\b(1[6-9]\d\d|20\d\d)\b|\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\.?\s+\d{1,2}\b|\b\d{1,2}\s+(jan(uary)?|feb(ruary)?|march|april|may|june|july|aug(ust)?|sep(tember)?|oct(ober)?|nov(ember)?|dec(ember)?)\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/i
const REASON = /\b(because|since|so that|so as to|in order to|to (ensure|prevent|avoid|allow|make sure|guarantee|keep|protect|reduce|incentivi[sz]e)|due to|as a result|therefore|thus|otherwise|which means|this means|prevents?|ensures?|allows?|incentivi[sz]es?|reason|risk)\b/i
const IMPERATIVE = /^\W*(run|use|open|click|select|enter|set|install|add|create|go|navigate|type|copy|paste|download|connect|choose|call|send|make|configure|start|stop|restart|check|replace|execute|build|import|switch|visit|follow|ensure|update|upgrade|back up|wait|sign|edit|save|fill|generate)\b/i
const CONTRAST = /\b(whereas|while|unlike|but|however|instead|in contrast|on the other hand|rather than|differs?|different|differences?|compared (to|with)|as opposed to|only|not)\b/i
/** "When did …", "what year", "since when"; not a clause ("When I deploy a contract, how do I …") nor a circumstance ("when should I use …") */
const WANTS_DATE = /\bwhen\s+(did|does|do|is|was|were|will|has|have|had)\b|\b(what|which)\s+(year|date|day|month|time)\b|\bin what year\b|\bsince when\b/i
const WANTS_PERSON = /^\s*who\b|\bwho\s+(was|is|were|are|did|had|has|wrote|sent|found|signed|said|told|interviewed|reported)\b|\b(which|what)\s+(person|official|officer|agent|employee|man|woman|people|individuals?)\b|\bwhose\b/i
/** A question that opens with an auxiliary verb asks yes or no */
const YES_NO = /^\s*(can|could|is|are|was|were|do|does|did|should|will|would|has|have|had|may|must)\b/i
/** A capitalised word (a name) after the first word of a sentence */
const NAME_WORD = /(?<=\S\s+)\p{Lu}[\p{Ll}'’-]+/gu

/**
 * What a question asks for when it asks for a figure or a date — the one
 * asked first — or undefined when neither. A name is left out: "who" asks as
 * often for a role ("the owner address", "storage providers") as for a person.
 */
export function askedFor (question: string): AskedFor | undefined {
  // a yes/no question ("Can I work out how much gas …?") asks for no figure, whatever it embeds
  if (YES_NO.test(question)) return undefined
  const found: Array<AskedFor & { at: number }> = []
  const date = WANTS_DATE.exec(question)
  if (date !== null) found.push({ kind: 'date', words: date[0].trim(), at: date.index })
  const figure = quantityWords(question)
  if (figure !== undefined) found.push({ kind: 'number', words: figure, at: question.indexOf(figure) })
  const first = found.sort((a, b) => a.at - b.at)[0]
  return first === undefined ? undefined : { kind: first.kind, words: first.words }
}

/** The words that ask for a figure without naming what is measured ("how long", "the largest") */
const MEASURE_WORDS = new Set(contentTerms('how much many long often big large fast far old soon quickly frequently maximum minimum longest shortest largest smallest highest lowest number amount total count'))

/**
 * What a figure question measures, for telling an answer that gives no
 * figure but speaks of the thing from one that does not even do that: the
 * asking phrase's own words when it names it ("What sector size" → sector,
 * size), else the noun just after it, up to the first stopword ("How much TRB
 * does …" → TRB; "how many storage providers had …" → storage, provider),
 * all of which a quote must hold (`all`); else the question's other content
 * terms ("How long is my data stored?" → data, stored), any of which will do
 */
export function measuredTerms (question: string, asked: AskedFor): { terms: string[], all: boolean } {
  const own = contentTerms(asked.words).filter(t => !MEASURE_WORDS.has(t))
  if (own.length > 0) return { terms: own, all: true }
  const at = question.indexOf(asked.words)
  const after = at < 0 ? [] : question.slice(at + asked.words.length).split(/\s+/).filter(w => w !== '')
  const head: string[] = []
  for (const word of after) {
    const bare = word.toLowerCase().replace(/[^\p{L}\p{N}'’-]/gu, '')
    const terms = contentTerms(bare)
    if (head.length === 0 && (bare === 'of' || (terms.length > 0 && terms.every(t => MEASURE_WORDS.has(t))))) continue
    if (bare === '' || STOPWORDS.has(bare)) break
    head.push(word)
    if (/[,;:?!.]$/.test(word)) break
  }
  const named = contentTerms(head.join(' '))
  if (named.length > 0) return { terms: named, all: true }
  return { terms: contentTerms(question.replace(asked.words, ' ')).filter(t => !MEASURE_WORDS.has(t)), all: false }
}

/** Whether a text gives what was asked for: a figure (a number that is no date or year), or a date */
export function gives (text: string, kind: AskedFor['kind']): boolean {
  return kind === 'number' ? hasFigure(text) : hasDate(text)
}

/**
 * Whether a text holds a figure: a number standing alone ("60 to 90 seconds",
 * "3.5GB", "thirty days"), not a date or a year ("deprecated on 2021-08-16")
 * nor digits inside a name ("ERC20", "f0", "sha256", "EIP-1559")
 */
export function hasFigure (text: string): boolean {
  const bare = withoutDates(text.replace(/\[\d+\]/g, ''))
  return FIGURE_DIGIT.test(bare) || NUMBER_WORD.test(bare)
}

/** A digit that starts a number: no letter or digit (with or without a hyphen or underscore) just before it */
const FIGURE_DIGIT = /(?<![\p{L}\p{N}][-_]?)\d/u

/** A text with its dates and years blanked: a date gives no figure ("deprecated on 2021-08-16" says nothing of a size) */
function withoutDates (text: string): string {
  return text.replace(ISO_DATE, ' ').replace(EVERY_DATE, ' ')
}

const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/g
/** {@link DATE}, matching every date of a text */
const EVERY_DATE = new RegExp(DATE.source, 'gi')

/** Whether a text holds a date (a year, a day and month, a numeric date) */
export function hasDate (text: string): boolean {
  return DATE.test(text)
}

/** Whether a text gives a reason ("because", "so that", "to prevent", …) */
export function givesReason (text: string): boolean {
  return REASON.test(text)
}

/** Whether a sentence is a step: a list item, an imperative or a command in backticks (`source` is its raw text) */
export function isStep (text: string, source: string, listItem: boolean): boolean {
  return listItem || IMPERATIVE.test(text) || /`[^`]+`/.test(source)
}

/** Whether a question asks when (a date) */
export function wantsDate (question: string): boolean {
  return WANTS_DATE.test(question)
}

/** Whether a question asks who (a person) */
export function wantsPerson (question: string): boolean {
  return WANTS_PERSON.test(question)
}

/** Whether a sentence sets two things against each other ("whereas", "unlike", "instead", "only", "not") */
export function contrasts (text: string): boolean {
  return CONTRAST.test(text)
}

/** Words either side of a question term within which the answer's number, date or name must stand */
const NEAR_WORDS = 5

/**
 * Whether the sentence holds the kind of answer asked for (a number, a date,
 * a name) within {@link NEAR_WORDS} words of a question term that is not one
 * of the question's own constraints: "3.51 days of … block rewards" for a
 * fee, not a number about something else in a sentence that shares words
 */
export function typedNear (text: string, terms: readonly string[], constraints: readonly string[], kind: 'number' | 'date' | 'name'): boolean {
  // most sentences hold no number or date at all: no need to read them word by word
  if (kind === 'number' ? !/\d/.test(text) && !NUMBER_WORD.test(text) : kind === 'date' && !DATE.test(text)) return false
  const tokens = text.split(/\s+/).filter(w => w !== '')
  const isTerm = tokens.map(w => wordTerms(w).some(t => terms.includes(t) && !constraints.includes(t)))
  const isAnswer = tokens.map((w, i) => kind === 'number'
    ? /\d/.test(w) || NUMBER_WORD.test(w)
    : kind === 'date' ? DATE.test(tokens.slice(Math.max(0, i - 1), i + 2).join(' ')) : i > 0 && /^\p{Lu}\p{Ll}/u.test(w) && !isTerm[i])
  for (let i = 0; i < tokens.length; i++) {
    if (isAnswer[i] !== true || (kind === 'number' && wordTerms(tokens[i] ?? '').some(t => constraints.includes(t)))) continue
    for (let j = Math.max(0, i - NEAR_WORDS); j <= Math.min(tokens.length - 1, i + NEAR_WORDS); j++) if (j !== i && isTerm[j] === true) return true
  }
  return false
}

/** Whether a sentence names someone the question does not (a capitalised word after its first, not a question term) */
export function newName (text: string, terms: readonly string[]): boolean {
  for (const m of text.matchAll(NAME_WORD)) {
    const t = wordTerms(m[0])[0]
    if (t !== undefined && !terms.includes(t)) return true
  }
  return false
}

/** A sentence that opens with a subordinate clause ("When a sector is added …") does not define its first noun */
const SUBORDINATE_START = /^\W*(when|whenever|if|while|because|although|though|as|since|once|after|before|until|unless|whether|where)\b/i

/**
 * How well a sentence defines the subject ("A storage provider is …",
 * "Sectors are …"): the share of the subject's terms among the words before
 * its verb when those are the subject's only, half that with one other word,
 * else 0
 */
export function definedShare (text: string, subject: readonly string[]): number {
  const verb = DEFINITION_VERB.exec(text)
  if (verb === null || verb.index > 80 || subject.length === 0 || SUBORDINATE_START.test(text)) return 0
  const own = new Set(contentTerms(text.slice(0, verb.index)))
  const held = subject.filter(t => own.has(t)).length / subject.length
  const extra = [...own].filter(t => !subject.includes(t)).length
  return held === 0 ? 0 : extra === 0 ? held : extra === 1 ? held / 2 : 0
}

const ANAPHOR_START = /^(this|that|these|those|it|its|they|their|them|such|the latter|the former|however|but|also|as before|as such|in addition|therefore|thus|otherwise|then|here)\b/i
const LOWERCASE_START = /^\p{Ll}/u

/** Whether a sentence leans on the one before it ("This component …", or starts in lower case) */
export function leansOnPrevious (text: string): boolean {
  return LOWERCASE_START.test(text) || ANAPHOR_START.test(text)
}

const PRONOUN = /\b(he|him|his|she|her|they|them|their|it|its|this|these)\b/i

/**
 * Whether a sentence holds a third-person pronoun or a demonstrative anywhere,
 * so that what it speaks of may be named only in the sentence before it
 * ("Hunt showed me a 'comfort letter.' This was a letter written by him …"):
 * wider than {@link leansOnPrevious}, which reads only its opening
 */
export function refersBack (text: string): boolean {
  return PRONOUN.test(text)
}
