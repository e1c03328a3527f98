import { decodeLexicalFile, readLexicalHeader } from '../search/lexical-file.js'
import { asParts, type ByteParts } from '../search/byte-parts.js'
import type { FrozenPostings } from '../search/posting-lists.js'

const SHOWN = 5

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

function postingsOf (lists: FrozenPostings, t: number): string {
  const lo = lists.start[t] as number
  const hi = lists.start[t + 1] as number
  return `${Array.from(lists.doc.subarray(lo, hi)).join(',')}|${Array.from(lists.tf.subarray(lo, hi)).join(',')}|${Array.from(lists.ctf.subarray(lo, hi)).join(',')}`
}

const df = (lists: FrozenPostings, t: number): number => (lists.start[t + 1] as number) - (lists.start[t] as number)

/**
 * What differs between a pinned lexical index file and the one re-derived
 * from the corpus (both lexical format 4): ranking parameters, header counts,
 * chunk lengths, words present on one side only, and words whose postings
 * (chunks, term counts) differ, with their document frequencies. Empty when
 * the bytes are equal. The pinned file may be given as its parts.
 */
export function compareLexical (pinned: Uint8Array | ByteParts, expected: Uint8Array): string[] {
  if (asParts(pinned).length === 1 && Buffer.from(asParts(pinned)[0] as Uint8Array).equals(Buffer.from(expected))) return []
  const out: string[] = []
  const ph = readLexicalHeader(pinned)?.header
  const eh = readLexicalHeader(expected)?.header ?? {}
  if (ph === undefined) return ['lexical.bin has no lexical index header']
  for (const key of new Set([...Object.keys(ph), ...Object.keys(eh)])) {
    if (key === 'params') {
      const pp = (ph.params ?? {}) as Record<string, unknown>
      const ep = (eh.params ?? {}) as Record<string, unknown>
      for (const k of new Set([...Object.keys(pp), ...Object.keys(ep)])) {
        if (!same(pp[k], ep[k])) out.push(`parameter ${k}: ${JSON.stringify(pp[k])} in the index, ${JSON.stringify(ep[k])} re-derived`)
      }
    } else if (!same(ph[key], eh[key])) {
      out.push(`${key}: ${JSON.stringify(ph[key])} in the index, ${JSON.stringify(eh[key])} re-derived`)
    }
  }
  let p, e
  try {
    p = decodeLexicalFile(pinned).contents
    e = decodeLexicalFile(expected).contents
  } catch (err) {
    out.push(`lexical.bin cannot be decoded: ${(err as Error).message}`)
    return out
  }
  const lengths = (name: string, a: number[], b: number[]): void => {
    const ids = a.flatMap((n, i) => n !== b[i] ? [i] : [])
    if (ids.length > 0) out.push(`${name} of ${ids.length} chunks (first: chunk ${ids.slice(0, SHOWN).map(i => `${i}: ${a[i]} vs ${b[i] ?? 'none'}`).join(', ')})`)
  }
  lengths('term lengths', p.lengths, e.lengths)
  lengths('title/heading lengths', p.contextLengths, e.contextLengths)
  const pw = new Map(p.words.map((w, t) => [w, t]))
  const ew = new Map(e.words.map((w, t) => [w, t]))
  const onlyIndex = p.words.filter(w => !ew.has(w))
  const onlyCorpus = e.words.filter(w => !pw.has(w))
  if (onlyIndex.length > 0) out.push(`${onlyIndex.length} words only in the index: ${onlyIndex.slice(0, SHOWN).join(', ')}`)
  if (onlyCorpus.length > 0) out.push(`${onlyCorpus.length} words missing from the index: ${onlyCorpus.slice(0, SHOWN).join(', ')}`)
  const changed: string[] = []
  for (const [w, t] of pw) {
    const u = ew.get(w)
    if (u !== undefined && postingsOf(p.wordPostings, t) !== postingsOf(e.wordPostings, u)) changed.push(`${w} (in ${df(p.wordPostings, t)} chunks, re-derived ${df(e.wordPostings, u)})`)
  }
  if (changed.length > 0) out.push(`postings of ${changed.length} words differ: ${changed.slice(0, SHOWN).join(', ')}`)
  if (out.length === 0) out.push('lexical.bin differs from the re-derived file in bytes (word order, pairs or encoding)')
  return out
}
