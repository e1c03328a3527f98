/**
 * Turning a scored run into a ranking.
 *
 * @packageDocumentation
 */

/**
 * Ranks a run (`doc → score`) the way trec_eval (and so pytrec_eval and BEIR)
 * does: by score descending, ties broken by document id in descending
 * code-unit order. Use it when a retriever returns tied scores and the figure
 * must be comparable with published pytrec_eval numbers.
 */
export function rankRun (run: Readonly<Record<string, number>>): string[] {
  return Object.entries(run)
    .sort(([docA, a], [docB, b]) => {
      if (a !== b) return b - a
      if (docA === docB) return 0
      return docA < docB ? 1 : -1
    })
    .map(([doc]) => doc)
}
