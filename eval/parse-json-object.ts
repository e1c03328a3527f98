import { EvalDatasetError } from './errors.js'

/**
 * Parse one JSONL line that must hold a JSON object.
 *
 * @throws {EvalDatasetError} naming `where` (file:line) when it is not valid JSON or not an object
 */
export function parseJsonObject (line: string, where: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch (err) {
    throw new EvalDatasetError(`${where}: not valid JSON`, { cause: err })
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new EvalDatasetError(`${where}: expected a JSON object`)
  }
  return value as Record<string, unknown>
}
