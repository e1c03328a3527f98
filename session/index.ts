/**
 * The session layer, Quarry's composition root: it opens the home and the
 * Helia node, wires the corpus and index stores, knows the catalogue of
 * well-known corpora and the default corpus, and opens indexes by reference
 * (importing and building on first use). Tools, agents, the CLI and the MCP
 * server all work through a {@link QuarrySession}.
 *
 * @packageDocumentation
 */

export { openQuarrySession } from './quarry-session.js'
export type { QuarrySession, QuarrySessionOptions, OpenIndexOptions } from './quarry-session.js'
export { CATALOGUE, catalogueEntry } from './catalogue.js'
export type { CatalogueEntry } from './catalogue.js'
export { DEFAULT_CORPUS, ensureCatalogueCorpus } from './default-corpus.js'
export { MissingTokenError, InvalidSettingError } from './errors.js'
export { resolveSettings, readEnvFile, SETTINGS_ENV, DEFAULT_PROGRESS_INTERVAL_MS } from './settings.js'
export type { QuarrySettings, SettingsFlags, LlmConfig, FetchLimits, ResolveSettingsOptions, Env } from './settings.js'
export type { EnsureCatalogueCorpusOptions } from './default-corpus.js'
export { fetchRemoteIndex } from './fetch-remote-index.js'
export { verifyIndexRef } from './verify-index-ref.js'
export type { VerifyIndexRefOptions } from './verify-index-ref.js'
export type { FetchRemoteIndexOptions } from './fetch-remote-index.js'
