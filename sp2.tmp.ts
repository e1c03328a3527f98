import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { splitSentences } from './agent/split-sentences.js'
const dir = '../shared/corpora/filecoin-docs'
const pages = (await readdir(dir, { recursive: true })).filter(p => p.endsWith('.md'))
for (const p of pages) { const t0 = Date.now(); const s = await readFile(path.join(dir, p), 'utf8'); const n = splitSentences(s).length; const dt = Date.now() - t0; if (dt > 200) console.log(p, n, dt) }
console.log('done')
