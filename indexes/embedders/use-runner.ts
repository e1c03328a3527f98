/**
 * How Quarry runs the Universal Sentence Encoder lite model, on the calling
 * thread and in the worker threads alike (one module: the workers load it by
 * URL through `use-worker.ts`, so both give the same bits).
 *
 * Three things make it faster than `model.embed` while each vector stays a
 * function of its text alone (measured on JFK chunks: see bench/index/README.md):
 *
 * - **Only the first 128 tokens are made.** The model reads at most 128
 *   tokens and ignores the rest, and the tokenizer's cost grows with the square
 *   of the text's length. Every `▁` (a space) starts a token (no vocabulary
 *   piece holds one elsewhere), so tokenizing the text up to a space gives
 *   exactly the full text's first tokens; the cut is moved out until it yields
 *   128 tokens or the text ends.
 * - **Texts of one token length share a model call.** The model's output for
 *   a text changes at the last bit when the call pads it to a longer text,
 *   and only then: texts of the same length (at most 128) batched together
 *   give the vectors each gives alone.
 * - **Attention matrix products go through XNNPACK.** The wasm backend runs a
 *   `BatchMatMul` with a batch dimension, or with a transposed right side, on
 *   a slow loop (~1 GMAC/s against XNNPACK's ~11); the attention's per-head
 *   products are such calls. An override of the kernel runs each head as its
 *   own 2-D product through the original kernel's XNNPACK path (the right side
 *   transposed in JS first where asked). Each head's product depends on that
 *   head's inputs alone.
 */
import { installPerHeadAttention, type UseTf } from './use-attention-kernel.js'
import type { AbortOptions } from '@libp2p/interface'

export type { UseTf } from './use-attention-kernel.js'

/** Raw (un-normalised) vectors for texts, one model call per group of equal token length */
export interface UseRunner {
  /**
   * Embed texts (none empty); the result is in input order. The texts are
   * grouped by token length across the whole call (at most
   * {@link UseRunnerOptions.textsPerCall} a model call); the signal is checked
   * before each model call.
   */
  embed(texts: string[], options?: AbortOptions): Promise<number[][]>
  /** The token ids the model reads for a text (its first 128) */
  tokenIds(text: string): number[]
  /**
   * How many tokens the model reads for a text (at most 128). The text's ids
   * are kept until it is embedded, so a caller that orders texts by their
   * token count does not tokenize them twice.
   */
  tokenCount(text: string): number
}

/** A node of the tokenizer's trie: `word` is [piece, score, id] where `end` */
export interface UseTrieNode {
  children: Record<string, UseTrieNode | undefined>
  end?: boolean
  word: [string, number, number]
}

/** A tensor as the model returns it */
interface TfOutput { array(): Promise<unknown>, dispose(): void }

/** What the runner reads of an `@energetic-ai/embeddings` model (after `initModel`): its tokenizer and, for TensorFlow.js, its graph model */
export interface UseModel {
  tokenizer?: { vocabulary?: Array<[string, number]>, trie?: { root?: UseTrieNode } }
  model?: { executeAsync(inputs: Record<string, unknown>): Promise<unknown> }
}

/** A model call: token id lists of one length to their raw vectors */
export type UseModelCall = (idLists: number[][]) => Promise<number[][]>

/** Options of {@link createUseRunner} (the levers bench/index/use-levers.ts compares) */
export interface UseRunnerOptions {
  /**
   * Another runtime's model call (the ONNX runner's), run instead of
   * TensorFlow.js; `model` then need only hold the tokenizer
   */
  modelCall?: UseModelCall
  /**
   * Most texts (of one token length) in one model call
   *
   * @default 8
   */
  textsPerCall?: number
}

/** The model reads this many tokens and ignores the rest */
const MAX_TOKENS = 128
/** Most texts whose ids {@link UseRunner.tokenCount} keeps for their embedding (~256 bytes each) */
const MAX_KEPT_IDS = 200_000
/** Default {@link UseRunnerOptions.textsPerCall} */
export const USE_TEXTS_PER_CALL = 8
const SEP = '\u2581'

/** The tokenizer: the package's `Tokenizer.encode`, step for step, with a linear prefix search */
class UseTokenizer {
  constructor (private readonly vocabulary: Array<[string, number]>, private readonly root: UseTrieNode) {}

  /**
   * The package's encode, except that the prefix search walks the trie from
   * position i instead of searching a copy of the rest of the text (which
   * made it quadratic)
   */
  encode (input: string): number[] {
    const normalized = input.normalize('NFKC')
    const str = normalized.length > 0 ? SEP + normalized.replace(/ /g, SEP) : normalized
    const symbols = Array.from(str)
    const words = this.bestWords(symbols)
    const results: number[] = []
    let iter = words.length - 1
    while (iter > 0) {
      const id = words[iter] ?? 0
      results.push(id)
      iter -= this.vocabulary[id]?.[0].length ?? 1
    }
    const merged: number[] = []
    let previousUnknown = false
    for (let i = results.length - 1; i >= 0; i--) {
      const id = results[i] ?? 0
      if (!(previousUnknown && id === 0)) merged.push(id)
      previousUnknown = id === 0
    }
    return merged
  }

  /** For each symbol end, the id of the best-scoring piece ending there (the package's lattice) */
  private bestWords (symbols: string[]): number[] {
    const n = symbols.length
    // ends[e] lists the pieces that end at symbol e as (length, score, id) triples, in order of their start
    const ends: number[][] = []
    for (let i = 0; i <= n; i++) ends.push([])
    for (let i = 0; i < n; i++) {
      let node = this.root.children[symbols[i] ?? '']
      let found = false
      for (let j = i; j < n && node !== undefined; j++) {
        if (node.end === true) {
          found = true
          ends[j + 1]?.push(j + 1 - i, node.word[1], node.word[2])
        }
        node = node.children[symbols[j + 1] ?? '']
      }
      if (!found) ends[i + 1]?.push(1, 0, 0)
    }
    const best = new Array<number>(n + 1).fill(0)
    const words = new Array<number>(n + 1).fill(0)
    for (let e = 0; e <= n; e++) {
      const list = ends[e] ?? []
      for (let k = 0; k < list.length; k += 3) {
        const score = (list[k + 1] ?? 0) + (best[e - (list[k] ?? 0)] ?? 0)
        if (best[e] === 0 || score >= (best[e] ?? 0)) {
          best[e] = score
          words[e] = list[k + 2] ?? 0
        }
      }
    }
    return words
  }

  /** The first {@link MAX_TOKENS} token ids of a text, tokenizing only as much of it as that needs */
  tokenIds (text: string): number[] {
    for (let window = 512; ; window *= 2) {
      const cut = text.length > window ? cutAt(text, window) : text.length
      const ids = this.encode(cut < text.length ? text.slice(0, cut) : text)
      if (ids.length >= MAX_TOKENS || cut >= text.length) return ids.length > MAX_TOKENS ? ids.slice(0, MAX_TOKENS) : ids
    }
  }
}

/** A space between two ASCII characters at or after `from`: normalisation cannot join anything across it */
function cutAt (text: string, from: number): number {
  for (let c = from; c < text.length; c++) {
    if (text.charCodeAt(c) === 32 && text.charCodeAt(c - 1) < 128 && (c + 1 === text.length || text.charCodeAt(c + 1) < 128)) return c
  }
  return text.length
}

/** TensorFlow.js's model call: a sparse batch of token ids in, the raw vectors out */
function tfModelCall (tf: UseTf, graph: NonNullable<UseModel['model']>): UseModelCall {
  return async (idLists) => {
    const positions: number[] = []
    const values: number[] = []
    idLists.forEach((ids, row) => { ids.forEach((id, col) => { positions.push(row, col); values.push(id) }) })
    const indices = tf.tensor2d(positions, [values.length, 2], 'int32')
    const valuesTensor = tf.tensor1d(values, 'int32')
    try {
      const output = await graph.executeAsync({ indices, values: valuesTensor }) as TfOutput
      try {
        return await output.array() as number[][]
      } finally {
        output.dispose()
      }
    } finally {
      indices.dispose()
      valuesTensor.dispose()
    }
  }
}

/**
 * Build a {@link UseRunner} on this thread for a loaded model (installs the
 * attention kernel override on `tf`'s wasm backend once per thread), or, with
 * `options.modelCall`, the same tokenizing and grouping around another
 * runtime (`tf` is then not used).
 *
 * @throws {TypeError} when the model does not have the layout this code reads
 */
export function createUseRunner (tf: UseTf | undefined, model: UseModel, options: UseRunnerOptions = {}): UseRunner {
  const vocabulary = model.tokenizer?.vocabulary
  const root = model.tokenizer?.trie?.root
  const graph = model.model
  const call = options.modelCall ?? (tf !== undefined && typeof graph?.executeAsync === 'function' ? tfModelCall(tf, graph) : undefined)
  if (!Array.isArray(vocabulary) || root == null || call === undefined) {
    throw new TypeError('unexpected @energetic-ai/embeddings model layout (tokenizer.vocabulary, tokenizer.trie.root, model.executeAsync)')
  }
  if (options.modelCall === undefined && tf !== undefined) installPerHeadAttention(tf)
  const tokenizer = new UseTokenizer(vocabulary, root)
  const textsPerCall = Math.max(1, Math.floor(options.textsPerCall ?? USE_TEXTS_PER_CALL))
  // ids made by tokenCount, taken (and forgotten) when the text is embedded
  const kept = new Map<string, Uint16Array | number[]>()
  const idsOf = (text: string): number[] => {
    const ids = kept.get(text)
    if (ids === undefined) return tokenizer.tokenIds(text)
    kept.delete(text)
    return Array.from(ids)
  }
  return {
    tokenIds: text => tokenizer.tokenIds(text),
    tokenCount (text) {
      const known = kept.get(text)
      if (known !== undefined) return known.length
      const ids = tokenizer.tokenIds(text)
      if (kept.size >= MAX_KEPT_IDS) kept.clear()
      kept.set(text, vocabulary.length <= 65536 ? Uint16Array.from(ids) : ids)
      return ids.length
    },
    async embed (texts, opts = {}) {
      const byLength = new Map<number, Array<{ i: number, ids: number[] }>>()
      texts.forEach((text, i) => {
        const ids = idsOf(text)
        if (ids.length === 0) throw new Error('cannot embed a text with no tokens')
        let group = byLength.get(ids.length)
        if (group === undefined) byLength.set(ids.length, group = [])
        group.push({ i, ids })
      })
      const out = new Array<number[]>(texts.length)
      for (const group of byLength.values()) {
        for (let s = 0; s < group.length; s += textsPerCall) {
          opts.signal?.throwIfAborted()
          const part = group.slice(s, s + textsPerCall)
          const vectors = await call(part.map(p => p.ids))
          if (vectors.length !== part.length) throw new Error(`the model returned ${vectors.length} vectors for ${part.length} texts`)
          part.forEach((p, j) => { out[p.i] = vectors[j] ?? [] })
        }
      }
      return out
    }
  }
}
