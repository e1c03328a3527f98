import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { encodeOnnxModel, OnnxType, type OnnxValueInfo } from './onnx-protobuf.js'
import { createTransformersEmbeddings } from './transformers-embeddings.js'

const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']
const WORDS = ['filecoin', 'storage', 'deal', 'provider', 'data', 'retrieval', 'store', 'how', 'do', 'i', 'on', 'the', 'a', 'of', 'cooking', 'pasta', 'recipe', 'tomato', 'sauce', 'bake', 'bread']
const VOCAB = [...SPECIAL, ...WORDS]
/** one dimension per word, plus one for [UNK] and one for [CLS] */
const DIMS = WORDS.length + 2

/**
 * Write a tiny BERT-shaped model folder: config.json, a WordPiece
 * tokenizer.json, tokenizer_config.json and onnx/model.onnx whose
 * last_hidden_state is a one-hot embedding lookup (masked), so mean pooling
 * gives a bag of words.
 */
async function writeTinyBert (dir: string): Promise<void> {
  const emb = new Float32Array(VOCAB.length * DIMS)
  WORDS.forEach((_, i) => { emb[(SPECIAL.length + i) * DIMS + i] = 1 })
  emb[1 * DIMS + WORDS.length] = 1 // [UNK]
  emb[2 * DIMS + WORDS.length + 1] = 1 // [CLS]
  const { FLOAT, INT64 } = OnnxType
  const raw = (data: ArrayBufferView): Uint8Array => new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  const input = (name: string): OnnxValueInfo => ({ name, type: INT64, dims: ['batch', 'sequence'] })
  // written by Quarry's own ONNX encoder (the one the USE runner uses), read by onnxruntime through transformers.js
  const model = encodeOnnxModel({
    opset: 13,
    producer: 'quarry-test',
    initializers: [
      { name: 'word_embeddings', dims: [VOCAB.length, DIMS], type: FLOAT, raw: raw(emb) },
      { name: 'token_type_embeddings', dims: [2, DIMS], type: FLOAT, raw: raw(new Float32Array(2 * DIMS)) },
      { name: 'axes', dims: [1], type: INT64, raw: raw(BigInt64Array.from([2n])) }
    ],
    inputs: ['input_ids', 'attention_mask', 'token_type_ids'].map(input),
    outputs: [{ name: 'last_hidden_state', type: FLOAT, dims: ['batch', 'sequence', DIMS] }],
    nodes: [
      { op: 'Gather', inputs: ['word_embeddings', 'input_ids'], outputs: ['words'], attributes: [{ name: 'axis', int: 0 }] },
      { op: 'Gather', inputs: ['token_type_embeddings', 'token_type_ids'], outputs: ['types'] },
      { op: 'Add', inputs: ['words', 'types'], outputs: ['summed'] },
      { op: 'Cast', inputs: ['attention_mask'], outputs: ['mask'], attributes: [{ name: 'to', int: FLOAT }] },
      { op: 'Unsqueeze', inputs: ['mask', 'axes'], outputs: ['mask3'] },
      { op: 'Mul', inputs: ['summed', 'mask3'], outputs: ['last_hidden_state'] }
    ]
  })
  const special = (id: string): unknown => ({ id, ids: [VOCAB.indexOf(id)], tokens: [id] })
  const cls = { SpecialToken: { id: '[CLS]', type_id: 0 } }
  const sep = (typeId: number): unknown => ({ SpecialToken: { id: '[SEP]', type_id: typeId } })
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL.map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [cls, { Sequence: { id: 'A', type_id: 0 } }, sep(0)],
      pair: [cls, { Sequence: { id: 'A', type_id: 0 } }, sep(0), { Sequence: { id: 'B', type_id: 1 } }, sep(1)],
      special_tokens: { '[CLS]': special('[CLS]'), '[SEP]': special('[SEP]') }
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: Object.fromEntries(VOCAB.map((w, i) => [w, i])) }
  }
  await mkdir(path.join(dir, 'onnx'), { recursive: true })
  await writeFile(path.join(dir, 'onnx', 'model.onnx'), model)
  await writeFile(path.join(dir, 'tokenizer.json'), JSON.stringify(tokenizer))
  await writeFile(path.join(dir, 'tokenizer_config.json'), JSON.stringify({ tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 512, cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]' }))
  await writeFile(path.join(dir, 'config.json'), JSON.stringify({ model_type: 'bert', architectures: ['BertModel'], hidden_size: DIMS, vocab_size: VOCAB.length, num_attention_heads: 1, num_hidden_layers: 1, max_position_embeddings: 512, type_vocab_size: 2 }))
}

function cosine (a: number[] = [], b: number[] = []): number {
  return a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0)
}

describe('createTransformersEmbeddings on a generated tiny ONNX model', () => {
  let root: string
  let modelDir: string

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'quarry-tiny-bert-'))
    modelDir = path.join(root, 'quarry-test', 'tiny-bert')
    await writeTinyBert(modelDir)
  })

  afterAll(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it('loads a local folder and learns its dimensions on init()', async () => {
    const embedder = createTransformersEmbeddings({ model: modelDir })
    expect(embedder.id).toBe(`transformers:${modelDir}`)
    expect(() => embedder.dimensions).toThrow(expect.objectContaining({ name: 'EmbedderLoadError' }))
    await embedder.init()
    expect(embedder.dimensions).toBe(DIMS)
  })

  it('gives texts sharing words a higher cosine than unrelated ones, deterministically', async () => {
    const embedder = createTransformersEmbeddings({ model: modelDir, batchSize: 2 })
    const texts = ['How do I store data on Filecoin?', 'a storage deal with a storage provider on filecoin', 'a pasta recipe with tomato sauce', 'bake bread']
    const [q, storage, pasta, bread] = await embedder.embedDocuments(texts)
    expect(cosine(q, storage)).toBeGreaterThan(cosine(q, pasta) + 0.1)
    expect(cosine(q, storage)).toBeGreaterThan(cosine(q, bread) + 0.1)
    for (const v of [q, storage, pasta, bread]) {
      expect(Math.hypot(...(v ?? []))).toBeCloseTo(1, 5)
    }
    const again = await createTransformersEmbeddings({ model: modelDir, batchSize: 16 }).embedDocuments(texts)
    expect(again).toEqual([q, storage, pasta, bread])
    expect(await embedder.embedQuery(texts[2] ?? '')).toEqual(pasta)
  })

  it('supports cls pooling', async () => {
    const embedder = createTransformersEmbeddings({ model: modelDir, pooling: 'cls' })
    const [a, b] = await embedder.embedDocuments(['filecoin storage', 'pasta sauce'])
    // the tiny model has no attention, so the [CLS] row is the same for every text
    expect(a).toEqual(b)
    expect(a?.[DIMS - 1]).toBeCloseTo(1)
  })

  it('falls back from cuda to cpu with a warning when the CUDA provider is missing', async () => {
    const warnings: string[] = []
    const embedder = createTransformersEmbeddings({ model: modelDir, device: 'cuda', onWarning: m => warnings.push(m) })
    const cpu = createTransformersEmbeddings({ model: modelDir })
    const text = 'retrieval of data'
    const onCuda = await embedder.embedQuery(text)
    expect(onCuda).toHaveLength(DIMS)
    expect(cosine(onCuda, await cpu.embedQuery(text))).toBeCloseTo(1, 5)
    // onnxruntime-node only has CUDA when its optional provider library was downloaded at install time
    const require = createRequire(import.meta.url)
    const ortDir = path.dirname(createRequire(require.resolve('@huggingface/transformers')).resolve('onnxruntime-node/package.json'))
    const hasCuda = existsSync(path.join(ortDir, 'bin', 'napi-v6', 'linux', 'x64', 'libonnxruntime_providers_cuda.so'))
    if (!hasCuda) {
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(/CPU/)
    }
  })

  it('resolves hub-style ids under localModelPath and never downloads when remote models are off', async () => {
    const local = createTransformersEmbeddings({ model: 'quarry-test/tiny-bert', localModelPath: root })
    expect((await local.embedQuery('filecoin')).length).toBe(DIMS)
    const missing = createTransformersEmbeddings({ model: 'quarry-test/not-here', localModelPath: root })
    await expect(missing.embedQuery('x')).rejects.toMatchObject({ name: 'EmbedderLoadError', code: 'ERR_EMBEDDER_LOAD' })
  })

  it('honours an aborted signal', async () => {
    const embedder = createTransformersEmbeddings({ model: modelDir })
    await expect(embedder.embedDocuments(['x'], { signal: AbortSignal.abort() })).rejects.toThrow(/abort/i)
  })
})
