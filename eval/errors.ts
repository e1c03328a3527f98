/**
 * Errors thrown by the eval harness. Callers check `err.name` (stable), not
 * `instanceof`; `code` is a stable machine-readable string.
 *
 * @packageDocumentation
 */

/** An eval dataset file is missing, unreadable or malformed (the message names the file and line) */
export class EvalDatasetError extends Error {
  static override name = 'EvalDatasetError'
  override name = 'EvalDatasetError'
  code = 'ERR_EVAL_DATASET'
}
