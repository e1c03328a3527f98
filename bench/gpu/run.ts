/**
 * bench/gpu: chunks/s on GPU vs CPU for the same GGUF embedding model.
 *
 *   node --import tsx bench/gpu/run.ts [--model FILE.gguf] [--texts N] [--json]
 *
 * Without --model it uses the shipped toy ../shared/models/stories260K.gguf (a
 * 260K-parameter llama, 64-d): its vectors mean nothing, so its figures are
 * THROUGHPUT ONLY, and far too small a model for a GPU to pay off; pass a real
 * embedding GGUF (e.g. nomic-embed-text, bge-small) where one is available.
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { benchTexts, formatGpuBench, measureGpuVsCpu } from './gpu-bench.js'

const ROOT = join(import.meta.dirname, '../..')
const TOY = join(ROOT, '../shared/models/stories260K.gguf')
const { values } = parseArgs({ options: { model: { type: 'string' }, texts: { type: 'string', default: '200' }, json: { type: 'boolean' } } })
const modelPath = values.model ?? TOY
const texts = await benchTexts(join(ROOT, 'data/filecoin-docs'), Number(values.texts))
const result = await measureGpuVsCpu({ modelPath, texts })
if (values.json === true) console.log(JSON.stringify(result, null, 2))
else process.stdout.write(formatGpuBench(result, values.model == null ? 'the shipped toy model: THROUGHPUT ONLY' : ''))
