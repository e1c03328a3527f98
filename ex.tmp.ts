import { loadFilecoinChunks, createChunkSearch } from './agent/test-fixtures/filecoin-results.js'
import { extractiveAnswer } from './agent/extractive-answer.js'
const chunks = await loadFilecoinChunks()
const search = createChunkSearch(chunks)
console.log('chunks', chunks.length)
for (const q of process.argv.slice(2)) {
  const results = search(q, 5)
  const d = extractiveAnswer(q, results)
  console.log('\nQ:', q, '\n  retrieved:', results.map(r => `${r.chunk.path}#${(r.chunk.headings ?? []).at(-1)}`).join(' | '))
  console.log('  A:', d.answer)
  if (d.abstained) console.log('  closest:', d.closestSources?.map(c => c.quote.slice(0, 60)))
}
