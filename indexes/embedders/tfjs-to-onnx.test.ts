import { createRequire } from 'node:module'
import { describe, it, expect } from 'vitest'
import { encodeOnnxModel } from './onnx-protobuf.js'
import { tfjsGraphToOnnx, type TfjsGraphJson } from './tfjs-to-onnx.js'

interface OrtTensor { data: Float32Array, dims: readonly number[] }
interface Ort {
  Tensor: new (type: 'float32', data: Float32Array, dims: number[]) => unknown
  InferenceSession: { create(model: Uint8Array): Promise<{ run(feeds: Record<string, unknown>): Promise<Record<string, OrtTensor>> }> }
}
const ort = createRequire(import.meta.url)('onnxruntime-node') as Ort

const FLOAT = 1
const INT32 = 3

/** A small TensorFlow.js graph: y = sum over columns of relu(x · wᵀ), the weights as a TF.js shard */
function graph (extra: TfjsGraphJson['modelTopology']['node'] = []): { json: TfjsGraphJson, weights: Uint8Array } {
  const w = Float32Array.from([1, -1, 2, 0.5, 0, -3])
  const axis = Int32Array.from([1])
  const weights = new Uint8Array(w.byteLength + axis.byteLength)
  weights.set(new Uint8Array(w.buffer), 0)
  weights.set(new Uint8Array(axis.buffer), w.byteLength)
  return {
    weights,
    json: {
      modelTopology: {
        node: [
          { name: 'x', op: 'Placeholder', attr: { dtype: { type: FLOAT }, shape: { shape: { dim: [{ size: '-1' }, { size: '3' }] } } } },
          { name: 'w', op: 'Const', attr: { dtype: { type: FLOAT } } },
          { name: 'axis', op: 'Const', attr: { dtype: { type: INT32 } } },
          { name: 'prod', op: 'MatMul', input: ['x', 'w'], attr: { transpose_a: { b: false }, transpose_b: { b: true } } },
          { name: 'relu', op: 'Relu', input: ['prod'] },
          ...extra,
          { name: 'y', op: 'Sum', input: ['relu', 'axis'], attr: { keep_dims: { b: false } } }
        ]
      },
      weightsManifest: [{ paths: ['shard'], weights: [{ name: 'w', shape: [2, 3], dtype: 'float32' }, { name: 'axis', shape: [], dtype: 'int32' }] }]
    }
  }
}

describe('tfjsGraphToOnnx', () => {
  it('converts a graph that onnxruntime runs with the same results (constants, a symbolic batch dimension, attributes)', async () => {
    const { json, weights } = graph()
    const model = tfjsGraphToOnnx(json, weights)
    expect(model.inputs).toEqual([{ name: 'x', type: 1, dims: ['x_0', 3] }])
    const session = await ort.InferenceSession.create(encodeOnnxModel(model))
    const x = [1, 2, 3, -1, 0, 1, 0, 0, 0]
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from(x), [3, 3]) })
    const w = [[1, -1, 2], [0.5, 0, -3]]
    const expected = [0, 1, 2].map(r => w.reduce((sum, row) => sum + Math.max(0, row.reduce((d, v, c) => d + v * (x[r * 3 + c] ?? 0), 0)), 0))
    expect(Array.from(out.y?.data ?? [])).toEqual(expected)
  })

  it('names an op it cannot convert, and weights that do not match the manifest', () => {
    const { json, weights } = graph([{ name: 'odd', op: 'FancyOp', input: ['relu'] }])
    expect(() => tfjsGraphToOnnx(json, weights)).toThrow(/unsupported TensorFlow op FancyOp \(odd\)/)
    expect(() => tfjsGraphToOnnx(graph().json, weights.slice(0, 8))).toThrow(/weights are 8 bytes; the manifest describes 28/)
  })
})
