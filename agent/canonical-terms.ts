/**
 * One spelling for things English writes several ways, applied to the
 * answerers' stemmed content terms (question and passage alike, so either
 * spelling matches the other): a month abbreviated in a date ("17 Dec 63",
 * "Sept. 30") is its month, a two-digit year written beside a month ("Dec
 * 63") is its year in the 1900s when it cannot be a day (32–99), and a
 * people's or language's name is its country's ("Cuban", "Dutch" →
 * Cuba, the Netherlands). These are facts of English, not of any corpus;
 * the search's own index is untouched (this runs after its tokenizer).
 *
 * @packageDocumentation
 */

import { stem } from '../indexes/index.js'

/** The months in order */
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']

/** A month's abbreviation (its first three letters, and "sept") → its name; May is a stopword, and its own abbreviation */
const MONTHS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(MONTH_NAMES.filter(name => name !== 'may').map(name => [name.slice(0, 3), name])),
  sept: 'september'
}

/** A people's (or language's) name → its country's, each as written; both sides are stemmed below */
const DEMONYMS: Readonly<Record<string, string>> = {
  afghan: 'afghanistan', albanian: 'albania', algerian: 'algeria', argentine: 'argentina', argentinian: 'argentina',
  australian: 'australia', austrian: 'austria', belgian: 'belgium', bolivian: 'bolivia', brazilian: 'brazil',
  british: 'britain', bulgarian: 'bulgaria', cambodian: 'cambodia', canadian: 'canada', chilean: 'chile',
  chinese: 'china', colombian: 'colombia', cuban: 'cuba', czechoslovak: 'czechoslovakia',
  danish: 'denmark', dutch: 'netherlands', ecuadorian: 'ecuador', egyptian: 'egypt',
  ethiopian: 'ethiopia', finnish: 'finland', french: 'france', german: 'germany',
  greek: 'greece', guatemalan: 'guatemala', haitian: 'haiti', honduran: 'honduras', hungarian: 'hungary',
  indian: 'india', indonesian: 'indonesia', iranian: 'iran', iraqi: 'iraq', irish: 'ireland', israeli: 'israel',
  italian: 'italy', jamaican: 'jamaica', japanese: 'japan', jordanian: 'jordan', korean: 'korea',
  laotian: 'laos', lebanese: 'lebanon', libyan: 'libya', mexican: 'mexico', moroccan: 'morocco',
  nicaraguan: 'nicaragua', nigerian: 'nigeria', norwegian: 'norway', pakistani: 'pakistan', panamanian: 'panama',
  paraguayan: 'paraguay', peruvian: 'peru', filipino: 'philippines', polish: 'poland',
  portuguese: 'portugal', romanian: 'romania', russian: 'russia', salvadoran: 'salvador', scottish: 'scotland', spanish: 'spain', swedish: 'sweden', swiss: 'switzerland', syrian: 'syria',
  thai: 'thailand', tunisian: 'tunisia', turkish: 'turkey', ukrainian: 'ukraine', uruguayan: 'uruguay',
  venezuelan: 'venezuela', vietnamese: 'vietnam', yugoslav: 'yugoslavia', yugoslavian: 'yugoslavia'
}

const stemmed = (map: Readonly<Record<string, string>>): ReadonlyMap<string, string> =>
  new Map(Object.entries(map).map(([from, to]) => [stem(from), stem(to)]))

const MONTH_OF = stemmed(MONTHS)
const COUNTRY_OF = stemmed(DEMONYMS)
/** Full month names (May is a stopword), for telling a two-digit year beside one */
const MONTH_STEMS: ReadonlySet<string> = new Set(MONTH_OF.values())
const NUMBER = /^\d+$/
const TWO_DIGITS = /^\d\d$/

/**
 * The terms with one spelling each (same length and order): abbreviated months
 * beside a number and people's names replaced, two-digit years beside a month
 * written out. Returns `terms` itself when nothing is respelled.
 */
export function canonicalTerms (terms: string[]): string[] {
  let out: string[] | undefined
  let months = false
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i] ?? ''
    if (MONTH_STEMS.has(t)) months = true
    let to = COUNTRY_OF.get(t)
    if (to === undefined) {
      const month = MONTH_OF.get(t)
      if (month !== undefined && (NUMBER.test(terms[i - 1] ?? '') || NUMBER.test(terms[i + 1] ?? ''))) {
        to = month
        months = true
      }
    }
    if (to !== undefined) {
      out ??= terms.slice()
      out[i] = to
    }
  }
  return months ? withCenturies(out ?? terms, out !== undefined) : (out ?? terms)
}

/** Two-digit years beside a month written out in the 1900s (in place when `owned`, else in a copy) */
function withCenturies (terms: string[], owned: boolean): string[] {
  let out = owned ? terms : undefined
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i] ?? ''
    if (TWO_DIGITS.test(t) && Number(t) >= 32 && (MONTH_STEMS.has(terms[i - 1] ?? '') || MONTH_STEMS.has(terms[i + 1] ?? ''))) {
      out ??= terms.slice()
      out[i] = `19${t}`
    }
  }
  return out ?? terms
}

/** A date in figures, month first as American records write it: 4/21/78, 04/13/1978 */
const NUMERIC_DATE = /\b(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})\b/g

/**
 * A text with its dates in figures written with the month's name ("4/21/78"
 * → "april 21 1978", "04/13/1978" → "april 13 1978"): month first, or day
 * first when the first number cannot be a month; a two-digit year in the
 * 1900s. A number pair that is no date (no month of 1–12 either way, a day
 * over 31) is left alone. For reading a text before it is tokenized (the
 * slashes are gone after); the answerers' terms do not use it (tried:
 * docs/evaluation.md, item 11), the partial-answer note does, so that it
 * never says "April 1978" is not stated of a record dated 4/21/78.
 */
export function datesInWords (text: string): string {
  if (!text.includes('/')) return text
  return text.replace(NUMERIC_DATE, (whole, a: string, b: string, y: string) => {
    const first = Number(a)
    const second = Number(b)
    const [month, day] = first >= 1 && first <= 12 ? [first, second] : [second, first]
    if (month < 1 || month > 12 || day < 1 || day > 31) return whole
    return `${MONTH_NAMES[month - 1] ?? ''} ${day} ${y.length === 2 ? `19${y}` : y}`
  })
}
