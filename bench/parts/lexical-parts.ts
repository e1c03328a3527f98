/**
 * bench/parts/lexical-parts.ts: `loadLexicalIndex` of one lexical.bin from one buffer and from 1 MiB parts (as
 * `readIndexParts` hands it over), alternated, on SYNTHETIC chunks of 40 Zipf-ish words.
 *
 *   node --import tsx bench/parts/lexical-parts.ts [chunks=100000]
 */
import { createLexicalIndex, loadLexicalIndex } from '../../indexes/index.js'
import { loadavg } from 'node:os'
console.log(`load average ${loadavg().map(x => x.toFixed(2)).join(' ')}`)
let seed = 1
const rand = (): number => { seed = (seed * 1664525 + 1013904223) >>> 0; return seed / 2 ** 32 }
const n = Number(process.argv[2] ?? 100000)
const index = createLexicalIndex()
index.add(Array.from({ length: n }, (_, id) => ({ id, text: Array.from({ length: 40 }, () => `w${Math.floor(1 / (rand() + 1e-4))}x${Math.floor(rand() * 3000)}`).join(' ') })))
const bytes = index.toBytes()
const parts: Uint8Array[] = []
for (let at = 0; at < bytes.byteLength; at += 1 << 20) parts.push(bytes.slice(at, at + (1 << 20)))
const t: Record<string, number[]> = { one: [], parts: [] }
for (let r = 0; r < 6; r++) {
  for (const which of r % 2 === 0 ? ['one', 'parts'] : ['parts', 'one']) {
    const s = performance.now()
    loadLexicalIndex(which === 'one' ? bytes : parts)
    t[which]!.push(Math.round(performance.now() - s))
  }
}
console.log(JSON.stringify({ chunks: n, bytes: bytes.byteLength, parts: parts.length, oneBufferMs: t.one, oneMiBPartsMs: t.parts }))
