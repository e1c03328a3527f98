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
