/**
 * Lower-case extension of the last path segment, with its dot (`.md`), or
 * `''` when there is none. A leading dot (`.gitignore`) is not an extension.
 */
export function fileExtension (path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1)
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(dot).toLowerCase() : ''
}
