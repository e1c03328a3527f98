import { OnnxType, type OnnxElementType, type OnnxModel, type OnnxNode, type OnnxTensor } from './onnx-protobuf.js'

/** A TensorFlow.js graph model's `model.json` (the parts read here) */
export interface TfjsGraphJson {
  modelTopology: { node: TfjsNode[] }
  weightsManifest: Array<{ paths: string[], weights: Array<{ name: string, shape: number[], dtype: string }> }>
}

interface TfjsNode {
  name: string
  op: string
  input?: string[]
  attr?: Record<string, { i?: string, b?: boolean, s?: string | number[], type?: number, list?: { i?: string[] }, shape?: { dim?: Array<{ size?: string }> } }>
}

/** A constant known at conversion time: float32 or (any TF integer) int64 values */
interface Known { dims: number[], float?: Float32Array, ints?: number[] }

const INT64_MAX = 9223372036854775807n

/** The TF DataType enum's float, int32, int64 and bool, as ONNX element types (every integer becomes int64) */
function onnxTypeOf (tfType: number | undefined): OnnxElementType {
  if (tfType === 1) return OnnxType.FLOAT
  if (tfType === 3 || tfType === 9) return OnnxType.INT64
  if (tfType === 10) return OnnxType.BOOL
  throw new Error(`unsupported TensorFlow dtype ${String(tfType)}`)
}

function int64Bytes (values: ReadonlyArray<number | bigint>): Uint8Array {
  return new Uint8Array(BigInt64Array.from(values, v => BigInt(v)).buffer)
}

/** The first value of a constant (a scalar's only value) */
function first (values: number[], what: string): number {
  const v = values[0]
  if (v === undefined) throw new Error(`${what}: empty constant`)
  return v
}

/**
 * Convert a TensorFlow.js graph model (its `model.json` and the bytes of its
 * weight shards, concatenated in manifest order) to an ONNX model (opset 18).
 * It covers the ops the Universal Sentence Encoder lite graph uses and throws
 * on any other, naming it. Integer tensors become int64; a 1×1 `Conv2D`
 * becomes a `MatMul` over the channel dimension; the graph's last node is its
 * one (float) output.
 */
export function tfjsGraphToOnnx (graph: TfjsGraphJson, weights: Uint8Array): OnnxModel {
  const known = new Map<string, Known>()
  const initializers: OnnxTensor[] = []
  let offset = 0
  for (const w of graph.weightsManifest.flatMap(g => g.weights)) {
    const count = w.shape.reduce((a, b) => a * b, 1)
    const bytes = weights.slice(offset, offset + count * 4)
    offset += count * 4
    if (w.dtype === 'float32') {
      known.set(w.name, { dims: w.shape, float: new Float32Array(bytes.buffer) })
    } else if (w.dtype === 'int32') {
      known.set(w.name, { dims: w.shape, ints: Array.from(new Int32Array(bytes.buffer)) })
    } else {
      throw new Error(`unsupported weight dtype ${w.dtype} (${w.name})`)
    }
  }
  if (offset !== weights.length) throw new Error(`the weights are ${weights.length} bytes; the manifest describes ${offset}`)

  const nodes: OnnxNode[] = []
  const used = new Set<string>()
  let fresh = 0
  const ref = (input: string | undefined): string => {
    if (input === undefined) throw new Error('a node lacks an input')
    const [name = '', port] = input.split(':')
    const k = known.get(name)
    if (k !== undefined && !used.has(name)) {
      used.add(name)
      initializers.push(k.float !== undefined
        ? { name, dims: k.dims, type: OnnxType.FLOAT, raw: new Uint8Array(k.float.buffer, k.float.byteOffset, k.float.byteLength) }
        : { name, dims: k.dims, type: OnnxType.INT64, raw: int64Bytes(k.ints ?? []) })
    }
    return port === undefined || port === '0' ? name : `${name}:${port}`
  }
  /** A new 1-D int64 initializer */
  const constant = (values: ReadonlyArray<number | bigint>): string => {
    const name = `quarry_const_${fresh++}`
    initializers.push({ name, dims: [values.length], type: OnnxType.INT64, raw: int64Bytes(values) })
    return name
  }
  const temp = (): string => `quarry_tmp_${fresh++}`
  const add = (op: string, inputs: string[], outputs: string[], attributes?: OnnxNode['attributes']): void => {
    nodes.push({ op, inputs, outputs, attributes })
  }
  const ints = (input: string | undefined, what: string): number[] => {
    const k = known.get(input?.split(':')[0] ?? '')
    if (k?.ints === undefined) throw new Error(`${what}: ${String(input)} is not a constant integer tensor`)
    return k.ints
  }

  const inputs: OnnxModel['inputs'] = []
  const reduceOps: Record<string, string> = { Max: 'ReduceMax', Sum: 'ReduceSum', Mean: 'ReduceMean', Prod: 'ReduceProd' }
  const elementwise: Record<string, string> = {
    Add: 'Add', Mul: 'Mul', Sub: 'Sub', RealDiv: 'Div', Maximum: 'Max', Less: 'Less', Greater: 'Greater', LogicalNot: 'Not',
    Sin: 'Sin', Cos: 'Cos', Tanh: 'Tanh', Relu: 'Relu', BiasAdd: 'Add', Shape: 'Shape', Range: 'Range'
  }

  for (const n of graph.modelTopology.node) {
    const inp = (n.input ?? []).filter(i => !i.startsWith('^'))
    const out = n.name
    const attr = n.attr ?? {}
    const flag = (key: string): boolean => attr[key]?.b === true
    const int = (key: string): number => Number(attr[key]?.i ?? 0)
    switch (n.op) {
      case 'Const':
        if (!known.has(n.name)) throw new Error(`constant ${n.name} has no weight`)
        break
      case 'Placeholder': {
        const dims = attr.shape?.shape?.dim
        if (dims === undefined) throw new Error(`${n.name}: an input of unknown rank is not supported`)
        inputs.push({ name: n.name, type: onnxTypeOf(attr.dtype?.type), dims: dims.map((d, i) => Number(d.size ?? -1) < 0 ? `${n.name}_${i}` : Number(d.size)) })
        break
      }
      case 'StridedSlice': {
        if (int('ellipsis_mask') !== 0 || int('new_axis_mask') !== 0) throw new Error(`${n.name}: ellipsis and new-axis masks are not supported`)
        const begin = ints(inp[1], n.name)
        const end = ints(inp[2], n.name)
        const strides = ints(inp[3], n.name)
        const starts: bigint[] = []
        const ends: bigint[] = []
        const shrink: number[] = []
        begin.forEach((b, i) => {
          const bit = 1 << i
          const e = end[i]
          if (strides[i] !== 1 || e === undefined) throw new Error(`${n.name}: only stride 1 is supported`)
          const s = (int('begin_mask') & bit) !== 0 ? 0 : b
          starts.push(BigInt(s))
          if ((int('shrink_axis_mask') & bit) !== 0) {
            ends.push(s === -1 ? INT64_MAX : BigInt(s + 1))
            shrink.push(i)
          } else {
            ends.push((int('end_mask') & bit) !== 0 ? INT64_MAX : BigInt(e))
          }
        })
        const sliced = shrink.length > 0 ? temp() : out
        add('Slice', [ref(inp[0]), constant(starts), constant(ends), constant(begin.map((_, i) => i))], [sliced])
        if (shrink.length > 0) add('Squeeze', [sliced, constant(shrink)], [out])
        break
      }
      case 'Where':
        if (inp.length !== 1) throw new Error(`${n.name}: only the one-input Where is supported`)
        {
          const nz = temp()
          add('NonZero', [ref(inp[0])], [nz])
          add('Transpose', [nz], [out], [{ name: 'perm', ints: [1, 0] }])
        }
        break
      case 'Reshape':
        add('Reshape', [ref(inp[0]), ref(inp[1])], [out])
        break
      case 'GatherV2':
        add('Gather', [ref(inp[0]), ref(inp[1])], [out], [{ name: 'axis', int: first(ints(inp[2], n.name), n.name) }])
        break
      case 'Max': case 'Sum': case 'Mean': case 'Prod': {
        const axes = ints(inp[1], n.name)
        add(reduceOps[n.op] ?? n.op, [ref(inp[0]), constant(axes)], [out], [{ name: 'keepdims', int: flag('keep_dims') ? 1 : 0 }])
        break
      }
      case 'SparseToDense': {
        const dense = temp()
        add('Expand', [ref(inp[3]), ref(inp[1])], [dense])
        add('ScatterND', [dense, ref(inp[0]), ref(inp[2])], [out])
        break
      }
      case 'ScatterNd': {
        const zeros = temp()
        add('ConstantOfShape', [ref(inp[2])], [zeros], [{ name: 'value', tensor: { dims: [1], type: OnnxType.FLOAT, raw: new Uint8Array(4) } }])
        add('ScatterND', [zeros, ref(inp[0]), ref(inp[1])], [out])
        break
      }
      case 'GatherNd':
        add('GatherND', [ref(inp[0]), ref(inp[1])], [out])
        break
      case 'Cast':
        add('Cast', [ref(inp[0])], [out], [{ name: 'to', int: onnxTypeOf(attr.DstT?.type) }])
        break
      case 'ConcatV2':
        add('Concat', inp.slice(0, -1).map(ref), [out], [{ name: 'axis', int: first(ints(inp[inp.length - 1], n.name), n.name) }])
        break
      case 'ExpandDims':
        add('Unsqueeze', [ref(inp[0]), constant(ints(inp[1], n.name))], [out])
        break
      case 'Squeeze':
        add('Squeeze', [ref(inp[0]), constant((attr.squeeze_dims?.list?.i ?? []).map(Number))], [out])
        break
      case 'Square':
        add('Mul', [ref(inp[0]), ref(inp[0])], [out])
        break
      case 'Rsqrt': {
        const root = temp()
        add('Sqrt', [ref(inp[0])], [root])
        add('Reciprocal', [root], [out])
        break
      }
      case 'MatMul': case 'BatchMatMul': case 'BatchMatMulV2': {
        const ta = flag('transpose_a') || flag('adj_x')
        const tb = flag('transpose_b') || flag('adj_y')
        const side = (input: string | undefined, transpose: boolean): string => {
          if (!transpose) return ref(input)
          const t = temp()
          const rank = n.op === 'MatMul' ? 2 : 4
          const perm = Array.from({ length: rank }, (_, i) => i)
          perm[rank - 2] = rank - 1
          perm[rank - 1] = rank - 2
          add('Transpose', [ref(input)], [t], [{ name: 'perm', ints: perm }])
          return t
        }
        add('MatMul', [side(inp[0], ta), side(inp[1], tb)], [out])
        break
      }
      case 'Conv2D': {
        // the filter is used only as its matrix (not through ref: an unused initializer draws a warning)
        const filterName = inp[1] ?? ''
        const filter = known.get(filterName)
        const strides = (attr.strides?.list?.i ?? []).map(Number)
        if (filter?.float === undefined || filter.dims[0] !== 1 || filter.dims[1] !== 1 || strides.some(s => s !== 1)) {
          throw new Error(`${n.name}: only a 1x1, stride-1 Conv2D with a constant filter is supported`)
        }
        const matrix = `${filterName}/as_matrix`
        initializers.push({ name: matrix, dims: filter.dims.slice(2), type: OnnxType.FLOAT, raw: new Uint8Array(filter.float.buffer, filter.float.byteOffset, filter.float.byteLength) })
        nodes.push({ op: 'MatMul', inputs: [ref(inp[0]), matrix], outputs: [out] })
        break
      }
      case 'SplitV': {
        const sizes = ints(inp[1], n.name)
        const outs = sizes.map((_, i) => i === 0 ? out : `${out}:${i}`)
        add('Split', [ref(inp[0]), constant(sizes)], outs, [{ name: 'axis', int: first(ints(inp[2], n.name), n.name) }])
        break
      }
      case 'Pack': {
        const axis = int('axis')
        const parts = inp.map(i => {
          const t = temp()
          add('Unsqueeze', [ref(i), constant([axis])], [t])
          return t
        })
        add('Concat', parts, [out], [{ name: 'axis', int: axis }])
        break
      }
      case 'Transpose':
        add('Transpose', [ref(inp[0])], [out], [{ name: 'perm', ints: ints(inp[1], n.name) }])
        break
      case 'Slice': {
        const begin = ints(inp[1], n.name)
        const size = ints(inp[2], n.name)
        const ends = size.map((s, i) => s === -1 ? INT64_MAX : BigInt(first(begin.slice(i), n.name) + s))
        add('Slice', [ref(inp[0]), constant(begin), constant(ends), constant(begin.map((_, i) => i))], [out])
        break
      }
      case 'Softmax':
        add('Softmax', [ref(inp[0])], [out], [{ name: 'axis', int: -1 }])
        break
      default: {
        const op = elementwise[n.op]
        if (op === undefined) throw new Error(`unsupported TensorFlow op ${n.op} (${n.name})`)
        add(op, inp.map(ref), [out])
      }
    }
  }
  const last = graph.modelTopology.node.at(-1)
  if (last === undefined) throw new Error('the graph has no nodes')
  return {
    opset: 18,
    producer: 'quarry',
    nodes,
    initializers,
    inputs,
    // the last node is the output, a float tensor (its shape left to onnxruntime's inference)
    outputs: [{ name: last.name, type: OnnxType.FLOAT }]
  }
}
