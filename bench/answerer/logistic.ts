/**
 * L2-regularised logistic regression, fitted by Newton's method on
 * standardised features: small, exact and readable, which is all the answer
 * model needs (a few dozen named features, tens of thousands of rows).
 */

/** One training row: a feature vector, its label and its weight */
export interface Row {
  x: readonly number[]
  y: 0 | 1
  w: number
}

/** A fitted model: standardisation and weights */
export interface Fit {
  mean: number[]
  scale: number[]
  weights: number[]
  bias: number
}

/** Fit a logistic regression with L2 penalty `lambda` on the weights (not the bias) */
export function fitLogistic (rows: readonly Row[], lambda: number, iterations = 25): Fit {
  const d = rows[0]?.x.length ?? 0
  const mean = new Array<number>(d).fill(0)
  const scale = new Array<number>(d).fill(0)
  let total = 0
  for (const r of rows) { total += r.w; r.x.forEach((v, j) => { mean[j] = (mean[j] ?? 0) + r.w * v }) }
  for (let j = 0; j < d; j++) mean[j] = (mean[j] ?? 0) / total
  for (const r of rows) r.x.forEach((v, j) => { scale[j] = (scale[j] ?? 0) + r.w * (v - (mean[j] ?? 0)) ** 2 })
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt((scale[j] ?? 0) / total) || 1
  const z = rows.map(r => [1, ...r.x.map((v, j) => (v - (mean[j] ?? 0)) / (scale[j] ?? 1))])
  let beta = new Array<number>(d + 1).fill(0)
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(d + 1).fill(0)
    const hess = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0))
    rows.forEach((r, i) => {
      const zi = z[i] ?? []
      const p = sigmoid(dot(beta, zi))
      const g = r.w * (p - r.y)
      const h = r.w * p * (1 - p)
      for (let a = 0; a <= d; a++) {
        grad[a] = (grad[a] ?? 0) + g * (zi[a] ?? 0)
        const row = hess[a] ?? []
        for (let b = a; b <= d; b++) row[b] = (row[b] ?? 0) + h * (zi[a] ?? 0) * (zi[b] ?? 0)
      }
    })
    for (let a = 0; a <= d; a++) {
      for (let b = 0; b < a; b++) (hess[a] ?? [])[b] = hess[b]?.[a] ?? 0
      if (a > 0) {
        grad[a] = (grad[a] ?? 0) + lambda * (beta[a] ?? 0)
        ;(hess[a] ?? [])[a] = (hess[a]?.[a] ?? 0) + lambda
      }
    }
    const step = solve(hess, grad)
    const next = beta.map((b, i) => b - (step[i] ?? 0))
    const change = Math.max(...next.map((b, i) => Math.abs(b - (beta[i] ?? 0))))
    beta = next
    if (change < 1e-8) break
  }
  return { mean, scale, weights: beta.slice(1), bias: beta[0] ?? 0 }
}

/** The probability a fit gives a feature vector */
export function predict (fit: Fit, x: readonly number[]): number {
  let s = fit.bias
  x.forEach((v, j) => { s += (fit.weights[j] ?? 0) * (v - (fit.mean[j] ?? 0)) / (fit.scale[j] ?? 1) })
  return sigmoid(s)
}

function sigmoid (s: number): number {
  return 1 / (1 + Math.exp(-s))
}

function dot (a: readonly number[], b: readonly number[]): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0)
  return s
}

/** Solve `A x = b` by Gaussian elimination with partial pivoting */
function solve (a: number[][], b: number[]): number[] {
  const n = b.length
  const m = a.map((row, i) => [...row, b[i] ?? 0])
  for (let col = 0; col < n; col++) {
    let pivot = col
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]?.[col] ?? 0) > Math.abs(m[pivot]?.[col] ?? 0)) pivot = r
    const tmp = m[col] ?? []
    m[col] = m[pivot] ?? []
    m[pivot] = tmp
    const p = m[col]?.[col] ?? 0
    if (Math.abs(p) < 1e-12) continue
    for (let r = col + 1; r < n; r++) {
      const f = (m[r]?.[col] ?? 0) / p
      if (f === 0) continue
      for (let c = col; c <= n; c++) (m[r] ?? [])[c] = (m[r]?.[c] ?? 0) - f * (m[col]?.[c] ?? 0)
    }
  }
  const x = new Array<number>(n).fill(0)
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]?.[n] ?? 0
    for (let c = r + 1; c < n; c++) s -= (m[r]?.[c] ?? 0) * (x[c] ?? 0)
    const p = m[r]?.[r] ?? 0
    x[r] = Math.abs(p) < 1e-12 ? 0 : s / p
  }
  return x
}
