/**
 * Escaping text for HTML and inline SVG.
 *
 * @packageDocumentation
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escapes `& < > " '` so any text is safe in element content and quoted attributes */
export function escapeHtml (text: string): string {
  return text.replace(/[&<>"']/g, ch => ENTITIES[ch] ?? ch)
}
