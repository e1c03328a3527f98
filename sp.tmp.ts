import { readFileSync } from 'node:fs'
import { splitSentences } from './agent/split-sentences.js'
const t = readFileSync(process.argv[2]!, 'utf8')
for (const s of splitSentences(t)) {
  if (t.slice(s.start, s.end) !== s.text) throw new Error('bad')
  console.log(s.kind.padEnd(11), JSON.stringify(s.text).slice(0, 150))
}
