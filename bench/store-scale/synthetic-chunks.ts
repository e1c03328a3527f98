import { seededRandom } from '../../indexes/index.js'

/** Options of {@link syntheticChunks} */
export interface SyntheticChunksOptions {
  /** Distinct words. @default 50000 */
  vocabulary?: number
  /** Words per chunk text (the context line has 6). @default 120 */
  words?: number
  /** Zipf exponent of word frequencies. @default 1.0 (as bench/scale) */
  zipf?: number
  seed?: number
}

/**
 * SYNTHETIC text for scale measurements and tests, not language: pseudo-words
 * made of syllables, drawn with Zipf frequencies (a few very common words, a
 * long tail), so postings lists have a realistic spread of lengths. Chunk `i`
 * of a seed is always the same text.
 */
export function * syntheticChunks (count: number, options: SyntheticChunksOptions = {}): Generator<{ id: number, text: string, context: string }> {
  const vocabulary = options.vocabulary ?? 50_000
  const rand = seededRandom(options.seed ?? 7)
  const syllables = ['ka', 'lo', 'mi', 'nu', 're', 'sa', 'ti', 'vo', 'ze', 'pa', 'qu', 'dro', 'fen', 'gul', 'hax', 'jor']
  const words: string[] = []
  for (let w = 0; w < vocabulary; w++) {
    let x = w + 16
    let word = ''
    while (x > 0) { word += syllables[x % 16] as string; x = Math.floor(x / 16) }
    words.push(word)
  }
  // cumulative Zipf weights, drawn by binary search
  const s = options.zipf ?? 1.0
  const cumulative = new Float64Array(vocabulary)
  let total = 0
  for (let w = 0; w < vocabulary; w++) { total += 1 / (w + 1) ** s; cumulative[w] = total }
  const draw = (): string => {
    const u = rand() * total
    let lo = 0
    let hi = vocabulary - 1
    while (lo < hi) { const m = (lo + hi) >>> 1; if ((cumulative[m] as number) < u) lo = m + 1; else hi = m }
    return words[lo] as string
  }
  const n = options.words ?? 120
  for (let id = 0; id < count; id++) {
    const text = Array.from({ length: n }, draw).join(' ')
    const context = Array.from({ length: 6 }, draw).join(' ')
    yield { id, text, context }
  }
}
