import { createRequire } from 'node:module'
import { describe, it, expect, beforeAll } from 'vitest'
import { createUseRunner, type UseModel, type UseRunner, type UseTf } from './use-runner.js'
import { useModulePaths } from './use-worker-pool.js'

interface Tf {
  tensor(values: number[], shape: number[]): { dispose(): void }
  matMul(a: unknown, b: unknown, transposeA: boolean, transposeB: boolean): { dataSync(): Float32Array, shape: number[], dispose(): void }
  getKernel(name: string, backend: string): { kernelFunc: { quarryPerHead?: boolean } } | undefined
  getBackend(): string
}
interface Model {
  tokenizer: { encode(text: string): number[] }
  embed(texts: string[]): Promise<number[][]>
}

const sentence = 'The committee reviewed the memorandum of 14 March 1963 concerning operations in the Caribbean, and the Agency replied that no further action was planned.'
/** A text of about `words` words cut from repeated report prose */
const prose = (words: number): string => Array.from({ length: Math.ceil(words / 24) }, () => sentence).join(' ').split(' ').slice(0, words).join(' ')

describe('createUseRunner', () => {
  let tf: Tf
  let model: Model
  let runner: UseRunner

  beforeAll(async () => {
    const paths = useModulePaths()
    const require = createRequire(import.meta.url)
    const { initModel } = require(paths.embeddings) as { initModel(source: unknown): Promise<Model> }
    const { modelSource } = require(paths.model) as { modelSource: unknown }
    model = await initModel(modelSource)
    tf = require(paths.core) as Tf
    runner = createUseRunner(tf as unknown as UseTf, model as unknown as UseModel)
  })

  it('makes the same first 128 token ids as the package tokenizer from a prefix of the text', () => {
    const texts = [
      prose(20), prose(60), prose(400), ' ', 'a', 'x'.repeat(3000), `${'word   '.repeat(300)}end`,
      'naïve café — “quotes” ﬁ ½ x\u0301 ' .repeat(60), '日本語のテキスト '.repeat(200), `${prose(30)}\n\n\t${prose(300)}`
    ]
    for (const text of texts) {
      expect(runner.tokenIds(text)).toEqual(model.tokenizer.encode(text).slice(0, 128))
    }
    expect(runner.tokenIds(prose(400))).toHaveLength(128)
  })

  it('gives each text the vector the model gives it alone, whatever is batched with it', async () => {
    // lengths around the model's 128-token limit, equal-length groups and a mix
    const long = prose(150)
    // the longest prose under the limit: padded to 128 it would give other bits
    let words = 40
    while (runner.tokenIds(prose(words + 1)).length < 128) words++
    const texts = [prose(40), prose(41), long, `${long} and more words after the limit`, prose(words), prose(40), prose(300), 'sector', 'deals', ' ']
    const lengths = texts.map(t => runner.tokenIds(t).length)
    expect(lengths).toContain(128)
    expect(lengths.some(n => n > 120 && n < 128)).toBe(true)
    const alone: number[][] = []
    for (const t of texts) alone.push(...await model.embed([t]))
    expect(await runner.embed(texts)).toEqual(alone)
    expect((await runner.embed([...texts].reverse())).reverse()).toEqual(alone)
    // the model reads 128 tokens: what follows them does not change the vector
    expect(alone[3]).toEqual(alone[2])
  })

  it('computes batched and transposed matrix products per head, matching the exact products', () => {
    expect(tf.getBackend()).toBe('wasm')
    expect(tf.getKernel('BatchMatMul', 'wasm')?.kernelFunc.quarryPerHead).toBe(true)
    const cases: Array<[number[], number[], boolean]> = [
      [[1, 3, 5, 4], [1, 3, 4, 6], false],
      [[2, 3, 5, 4], [2, 3, 6, 4], true],
      [[5, 4], [6, 4], true],
      [[5, 4], [4, 6], false]
    ]
    let seed = 3
    const random = (): number => { seed = (seed * 16807) % 2147483647; return seed / 2147483647 - 0.5 }
    for (const [shapeA, shapeB, transposeB] of cases) {
      const size = (s: number[]): number => s.reduce((p, q) => p * q, 1)
      const av = Array.from({ length: size(shapeA) }, random)
      const bv = Array.from({ length: size(shapeB) }, random)
      const a = tf.tensor(av, shapeA)
      const b = tf.tensor(bv, shapeB)
      const out = tf.matMul(a, b, false, transposeB)
      const got = out.dataSync()
      const [m, k] = shapeA.slice(-2) as [number, number]
      const n = transposeB ? shapeB[shapeB.length - 2] ?? 0 : shapeB[shapeB.length - 1] ?? 0
      const heads = size(shapeA.slice(0, -2))
      expect(out.shape).toEqual([...shapeA.slice(0, -2), m, n])
      for (let h = 0; h < heads; h++) {
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let sum = 0
            for (let x = 0; x < k; x++) sum += (av[h * m * k + i * k + x] ?? 0) * (bv[h * k * n + (transposeB ? j * k + x : x * n + j)] ?? 0)
            expect(got[h * m * n + i * n + j]).toBeCloseTo(sum, 5)
          }
        }
      }
      a.dispose(); b.dispose(); out.dispose()
    }
  })
})
