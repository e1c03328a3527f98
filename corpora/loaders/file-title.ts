/**
 * Fallback title for a file: its last path segment without the extension
 * (`docs/intro.md` → `intro`). Names that would become empty are kept whole.
 */
export function fileTitle (path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1)
  const dot = name.lastIndexOf('.')
  const title = dot > 0 ? name.slice(0, dot) : name
  return title === '' ? path : title
}
