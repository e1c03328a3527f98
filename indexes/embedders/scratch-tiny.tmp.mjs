import onnxProto from 'onnx-proto'
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
const { onnx } = onnxProto
const words = ['filecoin','storage','deal','miner','data','retrieval','cat','dog','cooking','pasta','recipe','the','a','of','on','how','do','i','store','bake','bread']
const special = ['[PAD]','[UNK]','[CLS]','[SEP]','[MASK]']
const vocab = [...special, ...words]
const V = vocab.length
const D = words.length + 1
const E = new Float32Array(V * D)
E[1 * D + words.length] = 1 // UNK
words.forEach((w, i) => { E[(special.length + i) * D + i] = 1 })
const f32 = (name, dims, data) => ({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(data.buffer.slice(0)) })
const i64 = (name, dims, vals) => ({ name, dims, dataType: onnx.TensorProto.DataType.INT64, rawData: new Uint8Array(BigInt64Array.from(vals.map(BigInt)).buffer) })
const dyn = (name, elemType, dims) => ({ name, type: { tensorType: { elemType, shape: { dim: dims.map(d => typeof d === 'string' ? { dimParam: d } : { dimValue: d }) } } } })
const graph = {
  name: 'tiny-bert',
  initializer: [f32('word_embeddings', [V, D], E), f32('type_embeddings', [2, D], new Float32Array(2 * D)), i64('axes', [1], [2])],
  input: [dyn('input_ids', 7, ['batch', 'sequence']), dyn('attention_mask', 7, ['batch', 'sequence']), dyn('token_type_ids', 7, ['batch', 'sequence'])],
  output: [dyn('last_hidden_state', 1, ['batch', 'sequence', D])],
  node: [
    { opType: 'Gather', input: ['word_embeddings', 'input_ids'], output: ['we'], attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }] },
    { opType: 'Gather', input: ['type_embeddings', 'token_type_ids'], output: ['te'] },
    { opType: 'Add', input: ['we', 'te'], output: ['sum'] },
    { opType: 'Cast', input: ['attention_mask'], output: ['maskf'], attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: 1 }] },
    { opType: 'Unsqueeze', input: ['maskf', 'axes'], output: ['mask3'] },
    { opType: 'Mul', input: ['sum', 'mask3'], output: ['last_hidden_state'] }
  ]
}
const model = { irVersion: 8, opsetImport: [{ domain: '', version: 13 }], producerName: 'quarry-test', graph }
const bytes = onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish()
const dir = await mkdtemp(path.join(tmpdir(), 'tiny-bert-'))
await mkdir(path.join(dir, 'onnx'))
await writeFile(path.join(dir, 'onnx', 'model.onnx'), bytes)
const st = (id) => ({ id, tokens: [id], ids: [vocab.indexOf(id)] })
const tokenizer = {
  version: '1.0', truncation: null, padding: null,
  added_tokens: special.map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
  normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
  pre_tokenizer: { type: 'BertPreTokenizer' },
  post_processor: { type: 'TemplateProcessing',
    single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
    pair: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } }],
    special_tokens: { '[CLS]': st('[CLS]'), '[SEP]': st('[SEP]') } },
  decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
  model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: Object.fromEntries(vocab.map((w, i) => [w, i])) }
}
await writeFile(path.join(dir, 'tokenizer.json'), JSON.stringify(tokenizer))
await writeFile(path.join(dir, 'tokenizer_config.json'), JSON.stringify({ tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 512, cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]' }))
await writeFile(path.join(dir, 'config.json'), JSON.stringify({ model_type: 'bert', architectures: ['BertModel'], hidden_size: D, vocab_size: V, num_attention_heads: 1, num_hidden_layers: 1, max_position_embeddings: 512, type_vocab_size: 2 }))
console.log(dir)
const { pipeline, env } = await import('@huggingface/transformers')
env.allowRemoteModels = false
for (const device of ['cpu', 'cuda']) {
  try {
    const t = Date.now()
    const ex = await pipeline('feature-extraction', dir, { device, local_files_only: true })
    const out = await ex(['How do I store data on Filecoin?', 'storage deal of a miner', 'a pasta recipe', 'zzz qqq'], { pooling: 'mean', normalize: true })
    console.log(device, Date.now() - t, out.dims, out.tolist().map(r => r.map(x => x.toFixed(2)).join(' ')))
  } catch (e) { console.log(device, 'ERR', e.message) }
}
