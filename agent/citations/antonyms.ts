import { stem, wordTokens } from '../../indexes/index.js'

/**
 * Pairs of words or phrases of opposite meaning that a paraphrase must not
 * swap: a sentence that says one where its quote says the other (and never
 * the first) states the opposite of its source. Each side lists variants;
 * words are compared stemmed ("increases" = "increase"). Negations ("not",
 * "cannot", "never") are the support check's negation test, not this list.
 *
 * The list is small and general on purpose (documented in
 * docs/architecture.md, Trust model): it catches the common flips of a
 * forged or careless paraphrase, not every change of meaning.
 */
export const ANTONYMS: ReadonlyArray<readonly [readonly string[], readonly string[]]> = [
  [['true', 'bona fide', 'genuine', 'authentic', 'real', 'correct', 'accurate'], ['false', 'fake', 'bogus', 'fraudulent', 'phony', 'incorrect', 'inaccurate', 'untrue']],
  [['valid'], ['invalid']],
  [['legal', 'lawful'], ['illegal', 'unlawful']],
  [['possible'], ['impossible']],
  [['can', 'could', 'able'], ['cannot', 'unable']],
  [['increase', 'rise', 'grow', 'raise'], ['decrease', 'fall', 'drop', 'shrink', 'reduce', 'decline', 'lower']],
  [['more', 'greater', 'larger', 'bigger', 'higher', 'longer', 'above', 'exceed'], ['less', 'fewer', 'smaller', 'lower', 'shorter', 'below']],
  [['most', 'largest', 'highest', 'maximum', 'max'], ['least', 'smallest', 'lowest', 'minimum', 'min']],
  [['before', 'earlier', 'prior to', 'previously'], ['after', 'later', 'subsequently']],
  [['first'], ['last']],
  [['always'], ['never']],
  [['all', 'every', 'everyone', 'everything'], ['none', 'no one', 'nobody', 'nothing']],
  [['accept', 'approve', 'confirm', 'agree', 'admit'], ['reject', 'disapprove', 'deny', 'refuse', 'decline']],
  [['allow', 'permit', 'enable'], ['forbid', 'prohibit', 'prevent', 'disable']],
  [['include', 'inside', 'internal'], ['exclude', 'outside', 'external']],
  [['add', 'insert', 'create'], ['remove', 'delete', 'destroy']],
  [['open', 'public'], ['closed', 'private', 'secret']],
  [['start', 'begin'], ['end', 'stop', 'finish']],
  [['success', 'succeed', 'win', 'pass'], ['failure', 'fail', 'lose', 'loss']],
  [['send', 'upload', 'export', 'sell', 'lend'], ['receive', 'download', 'import', 'buy', 'borrow']],
  [['online'], ['offline']],
  [['mainnet'], ['testnet', 'calibnet']],
  [['required', 'mandatory', 'must'], ['optional']],
  [['same', 'identical', 'similar'], ['different', 'distinct']],
  [['guilty'], ['innocent']],
  [['alive', 'living'], ['dead', 'deceased']],
  [['friend', 'ally', 'support'], ['enemy', 'adversary', 'oppose']],
  [['fast', 'quick'], ['slow']],
  [['cheap', 'inexpensive'], ['expensive', 'costly']],
  [['positive'], ['negative']],
  [['encrypt'], ['decrypt']],
  [['north'], ['south']],
  [['east'], ['west']]
]

/** A phrase as stemmed words */
const phrase = (text: string): string[] => wordTokens(text).map(w => stem(w))

const STEMMED = ANTONYMS.map(([a, b]) => [a.map(phrase), b.map(phrase)] as const)

/** Whether `words` holds `needle` as a contiguous run */
function holds (words: readonly string[], needle: readonly string[]): boolean {
  outer: for (let i = 0; i + needle.length <= words.length; i++) {
    for (let j = 0; j < needle.length; j++) if (words[i + j] !== needle[j]) continue outer
    return true
  }
  return false
}

/** The first variant of `side` found in `words`, as written in {@link ANTONYMS} */
function found (words: readonly string[], side: ReadonlyArray<readonly string[]>, names: readonly string[]): string | undefined {
  const i = side.findIndex(p => holds(words, p))
  return i === -1 ? undefined : names[i]
}

/**
 * An antonym flip between a sentence and its quotes: a word of one side of an
 * {@link ANTONYMS} pair that the sentence uses and the quotes never do, while
 * the quotes use the other side and the sentence does not. Returns what the
 * sentence says and what the quote says, or `undefined`.
 */
export function antonymFlip (sentence: string, quotes: string): { said: string, quoteSays: string } | undefined {
  const s = phrase(sentence)
  const q = phrase(quotes)
  for (let k = 0; k < STEMMED.length; k++) {
    const [a, b] = STEMMED[k] as (typeof STEMMED)[number]
    const [na, nb] = ANTONYMS[k] as (typeof ANTONYMS)[number]
    for (const [mine, theirs, myNames, theirNames] of [[a, b, na, nb], [b, a, nb, na]] as const) {
      const said = found(s, mine, myNames)
      if (said === undefined || found(q, mine, myNames) !== undefined) continue
      const quoteSays = found(q, theirs, theirNames)
      if (quoteSays !== undefined && found(s, theirs, theirNames) === undefined) return { said, quoteSays }
    }
  }
  return undefined
}
