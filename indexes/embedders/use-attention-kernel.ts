/**
 * The USE runner's override of TensorFlow.js's wasm `BatchMatMul` kernel: a
 * product with a batch dimension, or with a transposed right side, runs one
 * 2-D product per head through the original kernel's XNNPACK path (see
 * use-runner.ts for why).
 */

/** A tensor as a kernel sees it */
interface TensorInfo { dataId: unknown, shape: number[], dtype: string }

/** What the kernel uses of the wasm backend */
interface WasmBackend {
  makeOutput(shape: number[], dtype: string): TensorInfo
  typedArrayFromHeap(t: TensorInfo): Float32Array
  disposeData(dataId: unknown): void
}

interface MatMulArgs {
  inputs: { a: TensorInfo, b: TensorInfo }
  backend: WasmBackend
  attrs: { transposeA: boolean, transposeB: boolean }
}

type KernelFunc = ((args: MatMulArgs) => TensorInfo) & { quarryPerHead?: boolean }

interface KernelConfig { kernelName: string, backendName: string, kernelFunc: KernelFunc }

/** What the USE runner uses of the `@energetic-ai/core` (TensorFlow.js) module */
export interface UseTf {
  getBackend?(): string
  getKernel(name: string, backend: string): KernelConfig | undefined
  unregisterKernel(name: string, backend: string): void
  registerKernel(config: KernelConfig): void
  tensor2d(values: number[], shape: [number, number], dtype: 'int32'): { dispose(): void }
  tensor1d(values: number[], dtype: 'int32'): { dispose(): void }
}

/** Whether the per-head path applies to a call; otherwise the original kernel runs it */
function perHeadApplies (args: MatMulArgs): boolean {
  const { a, b } = args.inputs
  const outer = a.shape.slice(0, -2)
  const batch = outer.reduce((p, q) => p * q, 1)
  const sameOuter = b.shape.length === a.shape.length && outer.every((d, i) => d === b.shape[i])
  return !(args.attrs.transposeA || a.dtype !== 'float32' || b.dtype !== 'float32' || !sameOuter || (batch <= 1 && !args.attrs.transposeB) ||
    typeof args.backend.makeOutput !== 'function' || typeof args.backend.typedArrayFromHeap !== 'function')
}

/** The kernel function that runs each head's product through `original` */
function perHeadKernel (original: KernelFunc): KernelFunc {
  const perHead: KernelFunc = (args) => {
    if (!perHeadApplies(args)) return original(args)
    const { inputs: { a, b }, backend, attrs } = args
    const outer = a.shape.slice(0, -2)
    const batch = outer.reduce((p, q) => p * q, 1)
    const m = a.shape[a.shape.length - 2] ?? 0
    const k = a.shape[a.shape.length - 1] ?? 0
    const rowsB = b.shape[b.shape.length - 2] ?? 0
    const colsB = b.shape[b.shape.length - 1] ?? 0
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
        for (let r = 0; r < rowsB; r++) for (let c = 0; c < colsB; c++) dst[c * rowsB + r] = src[r * colsB + c] ?? 0
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
  return perHead
}

/** Replace the wasm backend's `BatchMatMul` kernel by the per-head one (once per thread; nothing on another backend) */
export function installPerHeadAttention (tf: UseTf): void {
  if (typeof tf.getBackend !== 'function' || tf.getBackend() !== 'wasm') return
  const kernel = tf.getKernel('BatchMatMul', 'wasm')
  if (kernel == null || kernel.kernelFunc.quarryPerHead === true) return
  tf.unregisterKernel('BatchMatMul', 'wasm')
  tf.registerKernel({ ...kernel, kernelFunc: perHeadKernel(kernel.kernelFunc) })
}
