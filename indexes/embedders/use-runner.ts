/**
 * How Quarry runs the Universal Sentence Encoder lite model, on the calling
 * thread and in the worker threads alike (one source, so both give the same
 * bits). It is CommonJS source text because the workers run it from a string
 * (`eval: true`): that works the same from the TypeScript sources (tests,
 * benches) and from dist/.
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

/** Raw (un-normalised) vectors for texts, one model call per group of equal token length */
export interface UseRunner {
  /** Embed texts (none empty); the result is in input order */
  embed(texts: string[]): Promise<number[][]>
  /** The token ids the model reads for a text (its first 128) */
  tokenIds(text: string): number[]
}

/**
 * CommonJS source of a function body with parameters `tf` (the
 * `@energetic-ai/core` module), `model` (an `@energetic-ai/embeddings`
 * model after `initModel`) and `modelCall` (optional: a function from token id
 * lists of one length to their raw vectors, run instead of TensorFlow.js,
 * when `model` need only hold the tokenizer) that returns a {@link UseRunner}.
 */
export const USE_RUNNER_SOURCE = String.raw`
const MAX_TOKENS = 128
const TEXTS_PER_CALL = 8
const SEP = '\u2581'
const tokenizer = model.tokenizer
const vocabulary = tokenizer && tokenizer.vocabulary
const root = tokenizer && tokenizer.trie && tokenizer.trie.root
// another runtime's model call (the ONNX runner's) replaces TensorFlow.js's
const callModel = typeof modelCall === 'function' ? modelCall : undefined
if (!Array.isArray(vocabulary) || root == null || (callModel === undefined && (model.model == null || typeof model.model.executeAsync !== 'function'))) {
  throw new Error('unexpected @energetic-ai/embeddings model layout (tokenizer.vocabulary, tokenizer.trie.root, model.executeAsync)')
}

// The package's Tokenizer.encode, step for step, except that the prefix search walks the trie from
// position i instead of searching a copy of the rest of the text (which made it quadratic)
function encode (input) {
  const normalized = input.normalize('NFKC')
  const str = normalized.length > 0 ? SEP + normalized.replace(/ /g, SEP) : normalized
  const symbols = Array.from(str)
  const n = symbols.length
  // ends[e] lists the pieces that end at symbol e, in order of their start (as the package visits them)
  const ends = []
  for (let i = 0; i <= n; i++) ends.push([])
  const best = new Array(n + 1).fill(0)
  const words = new Array(n + 1).fill(0)
  for (let i = 0; i < n; i++) {
    let node = root.children[symbols[i]]
    let found = false
    for (let j = i; j < n && node; j++) {
      if (node.end) {
        found = true
        ends[j + 1].push(j + 1 - i, node.word[1], node.word[2])
      }
      node = node.children[symbols[j + 1]]
    }
    if (!found) ends[i + 1].push(1, 0, 0)
  }
  for (let e = 0; e <= n; e++) {
    const list = ends[e]
    for (let k = 0; k < list.length; k += 3) {
      const score = list[k + 1] + best[e - list[k]]
      if (best[e] === 0 || score >= best[e]) {
        best[e] = score
        words[e] = list[k + 2]
      }
    }
  }
  const results = []
  let iter = words.length - 1
  while (iter > 0) {
    results.push(words[iter])
    iter -= vocabulary[words[iter]][0].length
  }
  const merged = []
  let previousUnknown = false
  for (let i = results.length - 1; i >= 0; i--) {
    const id = results[i]
    if (!(previousUnknown && id === 0)) merged.push(id)
    previousUnknown = id === 0
  }
  return merged
}

// a space between two ASCII characters: normalisation cannot join anything across it
function cutAt (text, from) {
  for (let c = from; c < text.length; c++) {
    if (text.charCodeAt(c) === 32 && text.charCodeAt(c - 1) < 128 && (c + 1 === text.length || text.charCodeAt(c + 1) < 128)) return c
  }
  return text.length
}

function tokenIds (text) {
  for (let window = 512; ; window *= 2) {
    const cut = text.length > window ? cutAt(text, window) : text.length
    const ids = encode(cut < text.length ? text.slice(0, cut) : text)
    if (ids.length >= MAX_TOKENS || cut >= text.length) return ids.length > MAX_TOKENS ? ids.slice(0, MAX_TOKENS) : ids
  }
}

function installAttentionKernel () {
  if (typeof tf.getBackend !== 'function' || tf.getBackend() !== 'wasm') return
  const kernel = tf.getKernel('BatchMatMul', 'wasm')
  if (kernel == null || kernel.kernelFunc.quarryPerHead === true) return
  const original = kernel.kernelFunc
  const perHead = function (args) {
    const a = args.inputs.a
    const b = args.inputs.b
    const backend = args.backend
    const attrs = args.attrs
    const outer = a.shape.slice(0, -2)
    const batch = outer.reduce((p, q) => p * q, 1)
    const sameOuter = b.shape.length === a.shape.length && outer.every((d, i) => d === b.shape[i])
    if (attrs.transposeA || a.dtype !== 'float32' || b.dtype !== 'float32' || !sameOuter || (batch <= 1 && !attrs.transposeB) ||
        typeof backend.makeOutput !== 'function' || typeof backend.typedArrayFromHeap !== 'function') {
      return original(args)
    }
    const m = a.shape[a.shape.length - 2]
    const k = a.shape[a.shape.length - 1]
    const rowsB = b.shape[b.shape.length - 2]
    const colsB = b.shape[b.shape.length - 1]
    const n = attrs.transposeB ? rowsB : colsB
    const out = backend.makeOutput(outer.concat([m, n]), 'float32')
    const plain = { transposeA: false, transposeB: false }
    for (let z = 0; z < batch; z++) {
      // views into the wasm heap are taken after every allocation (a growing heap replaces its buffer)
      const ah = backend.makeOutput([1, m, k], 'float32')
      backend.typedArrayFromHeap(ah).set(backend.typedArrayFromHeap(a).subarray(z * m * k, (z + 1) * m * k))
      const bh = backend.makeOutput([1, k, n], 'float32')
      const src = backend.typedArrayFromHeap(b).subarray(z * rowsB * colsB, (z + 1) * rowsB * colsB)
      const dst = backend.typedArrayFromHeap(bh)
      if (attrs.transposeB) {
        for (let r = 0; r < rowsB; r++) for (let c = 0; c < colsB; c++) dst[c * rowsB + r] = src[r * colsB + c]
      } else {
        dst.set(src)
      }
      const product = original({ inputs: { a: ah, b: bh }, backend, attrs: plain })
      backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(product), z * m * n)
      backend.disposeData(ah.dataId)
      backend.disposeData(bh.dataId)
      backend.disposeData(product.dataId)
    }
    return out
  }
  perHead.quarryPerHead = true
  tf.unregisterKernel('BatchMatMul', 'wasm')
  tf.registerKernel(Object.assign({}, kernel, { kernelFunc: perHead }))
}
if (callModel === undefined) installAttentionKernel()

async function tfCall (idLists) {
  const positions = []
  const values = []
  idLists.forEach((ids, row) => ids.forEach((id, col) => { positions.push(row, col); values.push(id) }))
  const indices = tf.tensor2d(positions, [values.length, 2], 'int32')
  const valuesTensor = tf.tensor1d(values, 'int32')
  try {
    const output = await model.model.executeAsync({ indices, values: valuesTensor })
    try {
      return await output.array()
    } finally {
      output.dispose()
    }
  } finally {
    indices.dispose()
    valuesTensor.dispose()
  }
}

const call = callModel === undefined ? tfCall : callModel

async function embed (texts) {
  const byLength = new Map()
  texts.forEach((text, i) => {
    const ids = tokenIds(text)
    if (ids.length === 0) throw new Error('cannot embed a text with no tokens')
    let group = byLength.get(ids.length)
    if (group === undefined) byLength.set(ids.length, group = [])
    group.push({ i, ids })
  })
  const out = new Array(texts.length)
  for (const group of byLength.values()) {
    for (let s = 0; s < group.length; s += TEXTS_PER_CALL) {
      const part = group.slice(s, s + TEXTS_PER_CALL)
      const vectors = await call(part.map(p => p.ids))
      if (vectors.length !== part.length) throw new Error('the model returned ' + vectors.length + ' vectors for ' + part.length + ' texts')
      part.forEach((p, j) => { out[p.i] = vectors[j] })
    }
  }
  return out
}

return { embed, tokenIds }
`

/**
 * Build a {@link UseRunner} on this thread for a loaded model (installs the
 * attention kernel override on `tf`'s wasm backend once per thread), or, with
 * `modelCall`, the same tokenizing and grouping around another runtime.
 */
export function createUseRunner (tf: unknown, model: unknown, modelCall?: (idLists: number[][]) => Promise<number[][]>): UseRunner {
  // eslint-disable-next-line no-new-func, @typescript-eslint/no-implied-eval
  const make = new Function('tf', 'model', 'modelCall', USE_RUNNER_SOURCE) as (tf: unknown, model: unknown, modelCall?: unknown) => UseRunner
  return make(tf, model, modelCall)
}
