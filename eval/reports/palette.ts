/**
 * Chart colours.
 *
 * @packageDocumentation
 */

/** The Okabe–Ito palette (distinguishable with colour-vision deficiencies), black last */
export const PALETTE: readonly string[] = Object.freeze(['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'])

/** The colour of the `i`-th series, cycling through {@link PALETTE} */
export function seriesColor (i: number): string {
  return PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length] ?? '#000000'
}

/** Black or white, whichever reads better on the `#rrggbb` background (WCAG relative luminance) */
export function contrastText (background: string): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(background)
  if (m === null) return '#111'
  const [r, g, b] = [m[1], m[2], m[3]].map(h => {
    const c = parseInt(h ?? '0', 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }) as [number, number, number]
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
  // contrast with white (1.05 / (L + 0.05)) beats contrast with black ((L + 0.05) / 0.05) below L ≈ 0.179
  return luminance < 0.179 ? '#fff' : '#111'
}
