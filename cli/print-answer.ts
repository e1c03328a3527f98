import { stripTerminalControls } from './strip-terminal-controls.js'
import type { AnswerContext, AnswerRecord, Citation } from '../agent/index.js'

/** What an answer cites: its citations, or its closest sources when it abstained */
export function answerSources (record: AnswerRecord): Citation[] {
  return record.abstained ? record.closestSources ?? [] : record.citations
}

/** Where a citation points, e.g. `guides/deals.md › Storage deals › Make a deal`, or `104-10105-10277.pdf p. 2` for paged documents */
export function citationPlace (c: Pick<Citation, 'path' | 'headings' | 'page'>): string {
  return [c.path, ...(c.headings ?? [])].filter(s => s !== '').join(' › ') + (c.page != null ? ` p. ${c.page}` : '')
}

/** One source, two lines: `[n] path › heading — <chunkCid>` and its `ipfs://<docCid>` link */
export function formatCitation (c: Citation): string {
  return `[${c.n}] ${citationPlace(c)} — ${c.chunkCid}\n    ipfs://${c.docCid}`
}

/** Options for {@link formatAnswer} */
export interface FormatAnswerOptions {
  /**
   * The model's reply was already streamed to the screen: print the checked
   * answer again only when the citation check changed it
   *
   * @default undefined (nothing was streamed)
   */
  streamed?: string
}

/**
 * Render an answer record for people: the answer text with its `[n]`
 * markers, then the numbered sources. An abstention prints "Not found in
 * this corpus.", why (its `abstainedBecause`: when the caller's
 * `--min-answerability` refused it, the score against that threshold) and the
 * closest sources. A partial answer says which of
 * the question's constraints (a year, a name, a figure) the sources do not
 * state. Sentences the citation check removed are listed with the reason.
 */
export function formatAnswer (record: AnswerRecord, options: FormatAnswerOptions = {}): string {
  const lines: string[] = []
  const streamed = options.streamed
  if (streamed == null) {
    lines.push(record.answer)
  } else if (normalize(streamed) !== normalize(record.answer)) {
    lines.push('', 'After the citation check:', record.answer)
  }
  if (record.abstained) {
    const why = abstentionReason(record)
    if (why !== undefined) lines.push('', why)
  }
  if (!record.abstained && record.unstated !== undefined && record.unstated.length > 0) {
    lines.push('', `Partial answer: the sources do not state ${record.unstated.map(w => `"${w}"`).join(', ')}.`)
  }
  if (!record.abstained && record.unstatedAsked !== undefined) {
    lines.push('', `Partial answer: no quoted sentence gives the ${record.unstatedAsked.kind} asked for ("${record.unstatedAsked.words}").`)
  }
  const partly = record.sentences.filter(s => s.support === 'partly')
  if (partly.length > 0) {
    lines.push('', `Partly supported by their quotes (${partly.length}):`)
    for (const s of partly) lines.push(`  ~ ${clip(s.text, 160)} (${(s.supportNotes ?? []).join('; ')})`)
  }
  if (record.rejected.length > 0) {
    lines.push('', `Removed by the citation check (${record.rejected.length}):`)
    for (const r of record.rejected) lines.push(`  - ${clip(r.text, 160)} (${r.reason})`)
  }
  const sources = answerSources(record)
  if (sources.length > 0) {
    lines.push('', record.abstained ? 'Closest sources:' : 'Sources:')
    for (const c of sources) lines.push(formatCitation(c))
  }
  return stripTerminalControls(lines.join('\n') + '\n')
}

/** Why an abstention abstained, in a sentence (the caller's stricter threshold with both numbers) */
function abstentionReason (record: AnswerRecord): string | undefined {
  const score = record.answerability
  switch (record.abstainedBecause) {
    case 'nothing-retrieved': return 'The index returned no passages for it.'
    case 'off-vocabulary': return 'Its most telling words are ones this corpus does not use, or no passage holds enough of it.'
    case 'low-answerability': return record.minAnswerability !== undefined
      ? `Answerability ${score ?? 0} is below --min-answerability ${record.minAnswerability}.`
      : `The passages do not answer it clearly enough (answerability ${score ?? 0}, below the answer model's threshold).`
    case 'nothing-quotable': return 'No sentence of the passages can be quoted as an answer.'
    case 'figure-not-given': return 'It asks for a figure or a date: the best passages give none, nor speak of what is measured.'
    case 'model-declined': return 'The model found no answer in the passages.'
    case 'model-error': return 'The model call failed; nothing was answered.'
    case 'citations-rejected': return 'The citation check removed every sentence of the draft (below).'
    default: return undefined
  }
}

/** Render the sources of an answer with their quotes, then every retrieved passage (for `/sources`) */
export function formatSources (record: AnswerRecord): string {
  const lines: string[] = []
  const sources = answerSources(record)
  lines.push(record.abstained ? `Closest sources (the answer abstained) for: ${record.question}` : `Citations for: ${record.question}`)
  if (sources.length === 0) lines.push('  (none)')
  for (const c of sources) {
    lines.push(formatCitation(c))
    lines.push(`    "${clip(c.quote, 300)}"  (bytes ${c.byteStart}-${c.byteEnd})`)
  }
  lines.push('', `Retrieved passages (${record.contexts.length}):`)
  record.contexts.forEach((ctx, i) => lines.push(formatContext(ctx, i + 1)))
  return stripTerminalControls(lines.join('\n') + '\n')
}

/** One retrieved passage: rank, path, score, chunk CID and the start of its text */
export function formatContext (ctx: AnswerContext, rank: number): string {
  return `  ${rank}. ${ctx.path} — ${ctx.chunkCid} (score ${ctx.score.toFixed(4)})\n     ${clip(ctx.text, 160)}`
}

/** Collapse whitespace and cut to `max` characters with an ellipsis */
export function clip (text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat
}

/** Words and `[n]` markers in order: what a reader compares (spacing and punctuation around markers aside) */
function normalize (text: string): string {
  return (text.match(/\[\d+\]|[\p{L}\p{N}]+/gu) ?? []).join(' ')
}
