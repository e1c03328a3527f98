/**
 * The common layer: what every other layer uses and nothing Quarry-specific
 * needs to know about: the OpenAI-compatible HTTP client, the package's
 * version and root, the JSON list file and the file lock it writes under.
 * It imports no other Quarry folder.
 *
 * @packageDocumentation
 */
export { HomeLockedError } from './errors.js'
export { QUARRY_VERSION, QUARRY_PACKAGE_ROOT } from './package-info.js'
export { createOpenAICompatibleClient, serverMessage } from './openai-compatible-client.js'
export type { OpenAICompatibleClient, OpenAICompatibleClientOptions, RequestFailure } from './openai-compatible-client.js'
export { JsonList, fsyncDir } from './json-list.js'
export { withFileLock } from './file-lock.js'
export type { FileLockOptions } from './file-lock.js'
