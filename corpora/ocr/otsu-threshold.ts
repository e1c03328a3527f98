/** How many pixels have each grey level */
export function greyHistogram (pixels: Uint8Array): Uint32Array {
  const hist = new Uint32Array(256)
  for (let i = 0; i < pixels.length; i++) hist[pixels[i]!]!++
  return hist
}

/** Otsu's threshold of a grey image */
export function otsuThreshold (pixels: Uint8Array): number {
  const hist = greyHistogram(pixels)
  const total = pixels.length
  let sum = 0
  for (let i = 0; i < 256; i++) sum += i * hist[i]!
  let sumB = 0
  let wB = 0
  let best = 0
  let threshold = 127
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!
    if (wB === 0) continue
    const wF = total - wB
    if (wF === 0) break
    sumB += t * hist[t]!
    const mB = sumB / wB
    const mF = (sum - sumB) / wF
    const between = wB * wF * (mB - mF) ** 2
    if (between > best) { best = between; threshold = t }
  }
  return threshold
}
