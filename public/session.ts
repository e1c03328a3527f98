/**
 * `quarry/session`: open a Quarry home (its Helia node, corpora and indexes)
 * and the settings it runs with.
 *
 * @packageDocumentation
 */
export { openQuarrySession, resolveSettings, readEnvFile, SETTINGS_ENV, CATALOGUE, DEFAULT_CORPUS, fetchRemoteIndex, MissingTokenError, InvalidSettingError } from '../session/index.js'
export type { QuarrySession, QuarrySessionOptions, OpenIndexOptions, QuarrySettings, SettingsFlags, ResolveSettingsOptions, LlmConfig, FetchLimits, Env, CatalogueEntry, FetchRemoteIndexOptions } from '../session/index.js'
export { QUARRY_VERSION, HomeLockedError } from '../common/index.js'
