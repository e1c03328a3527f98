import { createRequire } from 'node:module'
import { describe, it, expect } from 'vitest'
import { encodeOnnxModel, OnnxType } from './onnx-protobuf.js'

interface OrtTensor { data: Float32Array, dims: readonly number[] }
interface Ort {
  Tensor: new (type: 'float32', data: Float32Array, dims: number[]) => unknown
  InferenceSession: { create(model: Uint8Array): Promise<{ run(feeds: Record<string, unknown>): Promise<Record<string, OrtTensor>> }> }
}
const ort = createRequire(import.meta.url)('onnxruntime-node') as Ort

const f32 = (values: number[]): Uint8Array => new Uint8Array(Float32Array.from(values).buffer)
const i64 = (values: number[]): Uint8Array => new Uint8Array(BigInt64Array.from(values, v => BigInt(v)).buffer)

// The hand-written protobuf is read by onnxruntime itself: every message kind Quarry writes is in this model
describe('encodeOnnxModel', () => {
  it('writes a model onnxruntime loads and runs: inputs, initializers, int/ints/tensor attributes, two outputs', async () => {
    const model = encodeOnnxModel({
      opset: 18,
      producer: 'quarry-test',
      nodes: [
        { op: 'Add', inputs: ['x', 'w'], outputs: ['sum'] },
        { op: 'Transpose', inputs: ['sum'], outputs: ['t'], attributes: [{ name: 'perm', ints: [1, 0] }] },
        { op: 'Softmax', inputs: ['t'], outputs: ['y'], attributes: [{ name: 'axis', int: -1 }] },
        { op: 'ConstantOfShape', inputs: ['shape'], outputs: ['z'], attributes: [{ name: 'value', tensor: { dims: [1], type: OnnxType.FLOAT, raw: f32([2.5]) } }] }
      ],
      initializers: [
        { name: 'w', dims: [2, 3], type: OnnxType.FLOAT, raw: f32([0, 1, 2, 3, 4, 5]) },
        { name: 'shape', dims: [2], type: OnnxType.INT64, raw: i64([1, 2]) }
      ],
      inputs: [{ name: 'x', type: OnnxType.FLOAT, dims: [2, 3] }],
      outputs: [{ name: 'y', type: OnnxType.FLOAT, dims: [3, 2] }, { name: 'z', type: OnnxType.FLOAT, dims: [1, 2] }]
    })
    const session = await ort.InferenceSession.create(model)
    const x = [1, 1, 1, -1, -1, -1]
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from(x), [2, 3]) })
    const sum = x.map((v, i) => v + i)
    // y[c] = softmax over the two rows' sums in column c
    const expected = [0, 1, 2].flatMap(c => {
      const a = Math.exp(sum[c] ?? 0)
      const b = Math.exp(sum[3 + c] ?? 0)
      return [a / (a + b), b / (a + b)]
    })
    expect(out.y?.dims).toEqual([3, 2])
    Array.from(out.y?.data ?? []).forEach((v, i) => expect(v).toBeCloseTo(expected[i] ?? NaN, 6))
    expect(out.z?.dims).toEqual([1, 2])
    expect(Array.from(out.z?.data ?? [])).toEqual([2.5, 2.5])
  })
})
