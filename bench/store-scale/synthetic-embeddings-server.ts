/**
 * An OpenAI-compatible `POST /v1/embeddings` server on 127.0.0.1 that returns
 * SYNTHETIC vectors: each text's vector is seeded by the SHA-256 of the text,
 * `--dim` numbers (default 512, USE lite's length). For measurements where
 * only the size of an index matters (memory, bytes), not what its vectors
 * mean: a full JFK index builds in minutes instead of the USE model's hour on a
 * busy 2-core machine. Prints `http://127.0.0.1:<port>/v1` and serves until killed.
 *
 *   node --import tsx bench/store-scale/synthetic-embeddings-server.ts [--dim 512]
 */
import { createHash } from 'node:crypto'
import { createServer } from 'node:http'
import { parseArgs } from 'node:util'
import { seededRandom } from '../../indexes/index.js'

const { values } = parseArgs({ options: { dim: { type: 'string', default: '512' } } })
const dim = Number(values.dim)

function vectorOf (text: string): number[] {
  const rand = seededRandom(createHash('sha256').update(text).digest().readUInt32LE(0))
  return Array.from({ length: dim }, () => rand() * 2 - 1)
}

const server = createServer((req, res) => {
  const parts: Buffer[] = []
  req.on('data', (b: Buffer) => parts.push(b))
  req.on('end', () => {
    if (req.method !== 'POST' || !(req.url ?? '').endsWith('/embeddings')) { res.writeHead(404).end(); return }
    const body = JSON.parse(Buffer.concat(parts).toString('utf8')) as { model: string, input: string | string[] }
    const inputs = Array.isArray(body.input) ? body.input : [body.input]
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ object: 'list', model: body.model, data: inputs.map((t, index) => ({ object: 'embedding', index, embedding: vectorOf(t) })), usage: { prompt_tokens: 0, total_tokens: 0 } }))
  })
})
server.listen(0, '127.0.0.1', () => {
  const a = server.address()
  process.stdout.write(`http://127.0.0.1:${typeof a === 'object' && a !== null ? a.port : 0}/v1\n`)
})
