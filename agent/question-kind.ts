/**
 * What kind of answer a question asks for, read from its wording: a
 * definition ("What is X?"), steps ("How do I …"), a quantity ("how
 * much/long/many"), both sides of a comparison ("difference between A and
 * B"), a reason ("Why …"), or any other fact. The extractive answerer
 * prefers sentences that fit the kind.
 *
 * @packageDocumentation
 */

import { queryTerms } from './relevance.js'

/** The kind of answer a question asks for */
export type QuestionKind = 'definition' | 'procedure' | 'quantity' | 'comparison' | 'reason' | 'fact'

/** A question's kind, and for comparisons the content terms of each side */
export interface QuestionShape {
  /** The main kind (the first that applies of comparison, definition, quantity, procedure, reason; else fact) */
  kind: QuestionKind
  /** Every kind that applies ("What is an epoch, and how long does one last?" asks for a definition and a quantity) */
  kinds: ReadonlySet<QuestionKind>
  /** Stemmed content terms of the thing asked about ("What is a sector?" → `sector`); all query terms when no subject is found */
  subject: string[]
  /** For comparisons: the stemmed content terms of each side */
  sides?: [string[], string[]]
  /**
   * When the question first sets a scene ("A transaction I sent is stuck in
   * the mempool. How do I replace it?"): the stemmed content terms of the
   * sentence that asks, which say what is wanted
   */
  focus?: string[]
}

const COMPARISON = /\bdiffer(ence|ences|ent|s)?\b|\bcompar(e|ed|ison)\b|\bvs\.?\b|\bversus\b|\bwhen should i use\b.*\bwhen\b|\b(better|worse)\s+than\b/i
/** Words that ask for a figure: "how many", "what sector size", "which version", "the longest" */
const QUANTITY = /\bhow\s+(much|many|long|often|big|large|fast|far|old|soon|quickly|frequently)\b|\b(what|which)\s+(?:[\p{L}-]+\s+){0,2}?(percentage|fraction|share|number|amount|size|version|chain id|fee|price|cost|rate|duration|length|port)s?\b|\bmaximum\b|\bminimum\b|\b(longest|shortest|largest|smallest|highest|lowest)\b/iu
const PROCEDURE = /^\s*(how\s+(do|can|should|would|could)\s+(i|we|you|one)\b|how\s+to\b|what\s+(are\s+)?the\s+steps\b|steps\s+to\b|what'?s\s+the\s+(easiest|best|quickest|simplest)\s+way\b)|\bhow\s+(do|can|should)\s+(i|we)\b/i
const REASON = /^\s*why\b|\bwhat\s+is\s+the\s+reason\b|\bfor\s+what\s+reason\b/i
const DEFINITION = /^\s*(in\s+[^,]+,\s*)?(what|who)(\s+(exactly\s+)?(is|are|was|were)\b|'s\b|\s+(exactly\s+)?(does|do)\s+.+\s+mean\b)|^\s*(define|definition)\b|\bwhat\s+does\s+.+\s+(mean|stand\s+for|do)\b/i
/** "What is X" / "What are X" / "What does X mean": the subject X */
const DEFINITION_SUBJECT = /\b(?:what|who)\s+(?:exactly\s+)?(?:is|are|was|were|does|do)\s+(.+?)(?:\s+(?:mean|stand\s+for|do|refer\s+to))?(?:,|\?|\s+and\s+(?:what|how|why|when|which)\b|$)/i
/** "difference between A and B", "How do A and B differ", "A vs B" */
const SIDES = [
  /\bbetween\s+(.+?)\s+and\s+(.+?)(?:[,?]|\s+(?:on|in|for|when|and\s+which)\b|$)/i,
  /\b(?:how\s+(?:do|does|is|are)|do|does)\s+(.+?)\s+and\s+(.+?)\s+differ\b/i,
  /\b(?:how\s+(?:do|does|is|are))\s+(.+?)\s+(?:differ|different)\s+(?:from|between)\s+(.+?)(?:[,?]|$)/i,
  /\bwhen\s+should\s+i\s+use\s+(.+?)\s+and\s+when\s+(.+?)(?:[,?]|$)/i,
  /(.+?)\s+(?:vs\.?|versus)\s+(.+?)(?:[,?]|$)/i,
  /\bdiffer\s+between\s+(.+?)\s+and\s+(.+?)(?:[,?]|$)/i
]

/**
 * Classify a question. Comparisons are recognised first (they often start
 * "What is the difference …", which is not a definition), then definitions,
 * quantities, procedures and reasons; a question may be of several kinds;
 * with none it is a `fact` question.
 */
export function questionShape (question: string): QuestionShape {
  const all = queryTerms(question)
  const kinds = new Set<QuestionKind>()
  let sides: [string[], string[]] | undefined
  if (COMPARISON.test(question)) {
    kinds.add('comparison')
    for (const re of SIDES) {
      const m = re.exec(question)
      if (m?.[1] == null || m[2] == null) continue
      const a = queryTerms(m[1])
      const b = queryTerms(m[2]).filter(t => !a.includes(t))
      if (a.length > 0 && b.length > 0) { sides = [a, b]; break }
    }
  }
  let subject = all
  if (DEFINITION.test(question) && !kinds.has('comparison')) {
    kinds.add('definition')
    const own = queryTerms(DEFINITION_SUBJECT.exec(question)?.[1] ?? '')
    if (own.length > 0) subject = own
  }
  if (QUANTITY.test(question)) kinds.add('quantity')
  if (PROCEDURE.test(question)) {
    // "What's the easiest way to …" asks for steps, not a definition
    if (kinds.delete('definition')) subject = all
    kinds.add('procedure')
  }
  if (REASON.test(question)) kinds.add('reason')
  const kind = [...kinds][0] ?? 'fact'
  if (kind === 'fact') kinds.add('fact')
  const focus = askingSentenceTerms(question, all)
  return { kind, kinds, subject, ...(sides !== undefined ? { sides } : {}), ...(focus !== undefined ? { focus } : {}) }
}

/** The words of a question that ask for a figure ("how many", "What sector size", "the longest"), as written; undefined when it asks for none */
export function quantityWords (question: string): string | undefined {
  return QUANTITY.exec(question)?.[0]
}

/**
 * The terms of the sentence that asks, when a question has sentences before
 * it (a scene set first); undefined for a one-sentence question, or when
 * the asking sentence has no content terms of its own
 */
function askingSentenceTerms (question: string, all: readonly string[]): string[] | undefined {
  // a sentence ends at "?" or "!", or at "." after a lower-case word of 4+ letters or a number (not "U.S.", "J. Lee", "Sgt.")
  const sentences = question.trim().split(/(?<=[?!]|(?:\b\p{Ll}{4,}|\d)\.)\s+(?=\p{Lu})/u).filter(s => /\w/.test(s))
  if (sentences.length < 2) return undefined
  const asking = sentences.findLast(s => s.trim().endsWith('?')) ?? sentences.at(-1) ?? ''
  const own = queryTerms(asking).filter(t => all.includes(t))
  return own.length > 0 && own.length < all.length ? own : undefined
}
