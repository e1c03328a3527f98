/**
 * The few ONNX protobuf messages Quarry writes (a model, its graph, nodes,
 * attributes, tensors, typed inputs and outputs), encoded by hand: the wire
 * format is varints and length-prefixed fields, so no protobuf library is
 * needed. Field numbers follow onnx/onnx.proto.
 */

/** ONNX tensor element types used here */
export const OnnxType = { FLOAT: 1, BOOL: 9, INT64: 7 } as const
/** One of {@link OnnxType}'s values */
export type OnnxElementType = typeof OnnxType[keyof typeof OnnxType]

/** A constant tensor (an initializer or a tensor attribute) */
export interface OnnxTensor {
  name?: string
  dims: number[]
  type: OnnxElementType
  /** little-endian element bytes */
  raw: Uint8Array
}

/** A node attribute */
export type OnnxAttribute =
  | { name: string, int: number }
  | { name: string, ints: number[] }
  | { name: string, float: number }
  | { name: string, string: string }
  | { name: string, tensor: OnnxTensor }

/** One graph node */
export interface OnnxNode {
  op: string
  inputs: string[]
  outputs: string[]
  name?: string
  attributes?: OnnxAttribute[]
}

/** A graph input or output: name, element type and dims (a string dim is symbolic; no dims, shape unstated) */
export interface OnnxValueInfo {
  name: string
  type: OnnxElementType
  dims?: Array<number | string>
}

/** A whole model (one graph, default domain) */
export interface OnnxModel {
  opset: number
  producer: string
  nodes: OnnxNode[]
  initializers: OnnxTensor[]
  inputs: OnnxValueInfo[]
  outputs: OnnxValueInfo[]
}

class Writer {
  private readonly parts: Uint8Array[] = []
  private length = 0

  private push (bytes: Uint8Array): void {
    this.parts.push(bytes)
    this.length += bytes.length
  }

  private varint (value: bigint): void {
    let v = BigInt.asUintN(64, value)
    const out: number[] = []
    while (v >= 0x80n) {
      out.push(Number(v & 0x7fn) | 0x80)
      v >>= 7n
    }
    out.push(Number(v))
    this.push(Uint8Array.from(out))
  }

  int (field: number, value: number | bigint): this {
    this.varint(BigInt(field << 3))
    this.varint(BigInt(value))
    return this
  }

  float (field: number, value: number): this {
    this.varint(BigInt((field << 3) | 5))
    const b = new Uint8Array(4)
    new DataView(b.buffer).setFloat32(0, value, true)
    this.push(b)
    return this
  }

  bytes (field: number, value: Uint8Array): this {
    this.varint(BigInt((field << 3) | 2))
    this.varint(BigInt(value.length))
    this.push(value)
    return this
  }

  string (field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value))
  }

  /** A nested message: its parts are appended, not copied (the weights are copied once, by `finish`) */
  message (field: number, build: (w: Writer) => void): this {
    const inner = new Writer()
    build(inner)
    this.varint(BigInt((field << 3) | 2))
    this.varint(BigInt(inner.length))
    for (const p of inner.parts) this.push(p)
    return this
  }

  finish (): Uint8Array {
    const out = new Uint8Array(this.length)
    let at = 0
    for (const p of this.parts) {
      out.set(p, at)
      at += p.length
    }
    return out
  }
}

function writeTensor (w: Writer, t: OnnxTensor): void {
  for (const d of t.dims) w.int(1, d)
  w.int(2, t.type)
  if (t.name !== undefined) w.string(8, t.name)
  w.bytes(9, t.raw)
}

function writeAttribute (w: Writer, a: OnnxAttribute): void {
  w.string(1, a.name)
  if ('int' in a) w.int(3, a.int).int(20, 2)
  else if ('ints' in a) {
    for (const i of a.ints) w.int(8, i)
    w.int(20, 7)
  } else if ('float' in a) w.float(2, a.float).int(20, 1)
  else if ('string' in a) w.string(4, a.string).int(20, 3)
  else w.message(5, t => writeTensor(t, a.tensor)).int(20, 4)
}

function writeValueInfo (w: Writer, v: OnnxValueInfo): void {
  w.string(1, v.name)
  w.message(2, type => type.message(1, tensor => {
    tensor.int(1, v.type)
    const dims = v.dims
    if (dims !== undefined) {
      tensor.message(2, shape => {
        for (const d of dims) shape.message(1, dim => typeof d === 'number' ? dim.int(1, d) : dim.string(2, d))
      })
    }
  }))
}

/** Encode a model as ONNX protobuf bytes (ir_version 8) */
export function encodeOnnxModel (model: OnnxModel): Uint8Array {
  const w = new Writer()
  w.int(1, 8)
  w.string(2, model.producer)
  w.message(7, g => {
    for (const n of model.nodes) {
      g.message(1, node => {
        for (const i of n.inputs) node.string(1, i)
        for (const o of n.outputs) node.string(2, o)
        if (n.name !== undefined) node.string(3, n.name)
        node.string(4, n.op)
        for (const a of n.attributes ?? []) node.message(5, attr => writeAttribute(attr, a))
      })
    }
    g.string(2, 'graph')
    for (const t of model.initializers) g.message(5, tensor => writeTensor(tensor, t))
    for (const v of model.inputs) g.message(11, info => writeValueInfo(info, v))
    for (const v of model.outputs) g.message(12, info => writeValueInfo(info, v))
  })
  w.message(8, o => o.string(1, '').int(2, model.opset))
  return w.finish()
}
