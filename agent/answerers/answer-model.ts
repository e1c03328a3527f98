/**
 * The answer model: two small logistic regressions over named features.
 *
 * - The **sentence ranker** gives each candidate sentence the probability
 *   that it answers the question (features: sentence-features.ts). It
 *   decides which sentences an extractive answer quotes.
 * - The **answerability** model gives the question the probability that the
 *   retrieved passages answer it at all (features: question-features.ts,
 *   led by the ranker's best logit). Below `abstainBelow` every mode
 *   abstains.
 *
 * The weights are learned, not set by hand: `npm run train:answerer`
 * (bench/answerer/train.ts) retrains both from the dev sets, reports
 * cross-validation grouped by page, and writes `answer-model.v1.json`. The
 * file is plain JSON so it can be read: each weight applies to a
 * standardised feature (`(x - mean) / scale`).
 *
 * @packageDocumentation
 */

import { createHash } from 'node:crypto'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { create as createDigest } from 'multiformats/hashes/digest'
import { sha256 } from 'multiformats/hashes/sha2'
import modelJson from './answer-model.v1.json' with { type: 'json' }
import { SENTENCE_FEATURES } from './sentence-features.js'
import { QUESTION_FEATURES } from './question-features.js'
import { InvalidAnswerModelError } from '../errors.js'

/** A logistic regression on standardised features */
export interface LinearModel {
  /** Feature names, in the order of the other arrays */
  features: readonly string[]
  /** Mean of each feature over the training rows */
  mean: readonly number[]
  /** Standard deviation of each feature over the training rows (1 where it was 0) */
  scale: readonly number[]
  /** Weight of each standardised feature */
  weights: readonly number[]
  bias: number
}

/** A trained answer model (the JSON file's shape) */
export interface AnswerModel {
  /** Model id, stamped into answer records, e.g. `quarry-answerer` */
  id: string
  /** Format and training version */
  version: number
  /** Scores candidate sentences ({@link SENTENCE_FEATURES}) */
  ranker: LinearModel
  /** Scores a question's retrieved passages ({@link QUESTION_FEATURES}) */
  answerability: LinearModel
  /** Answerability probability below which every mode abstains */
  abstainBelow: number
  /** How it was trained and what cross-validation measured (informative) */
  training?: Record<string, unknown>
}

let shipped: AnswerModel | undefined

/**
 * The model Quarry ships (agent/answerers/answer-model.v1.json), checked on
 * first use (so retraining after a feature change can load this module)
 */
export function defaultAnswerModel (): AnswerModel {
  shipped ??= parseAnswerModel(modelJson)
  return shipped
}

const names = new WeakMap<AnswerModel, string>()

/**
 * The name an answer record gives a model: `id@vN+<CID>`, the CID (CIDv1,
 * raw, sha256) of the model as `npm run train:answerer` writes it (JSON
 * indented by one space, a final newline), so a record names the exact
 * weights that scored it: for the shipped model, the CID of
 * agent/answerers/answer-model.v1.json's bytes (`ipfs add --cid-version 1
 * --raw-leaves` gives the same)
 */
export function answerModelName (model: AnswerModel): string {
  let name = names.get(model)
  if (name === undefined) {
    const bytes = new TextEncoder().encode(answerModelJson(model))
    const cid = CID.createV1(raw.code, createDigest(sha256.code, createHash('sha256').update(bytes).digest()))
    name = `${model.id}@v${model.version}+${cid.toString()}`
    names.set(model, name)
  }
  return name
}

/** A model as `npm run train:answerer` writes it to its JSON file */
export function answerModelJson (model: AnswerModel): string {
  return JSON.stringify(model, null, 1) + '\n'
}

/** The logit (log-odds) a linear model gives a feature vector */
export function logit (model: LinearModel, x: readonly number[]): number {
  let z = model.bias
  for (let i = 0; i < model.weights.length; i++) {
    z += (model.weights[i] ?? 0) * ((x[i] ?? 0) - (model.mean[i] ?? 0)) / (model.scale[i] ?? 1)
  }
  return z
}

/** The logistic function: a logit as a probability (0–1) */
export function probability (z: number): number {
  return 1 / (1 + Math.exp(-z))
}

/**
 * Check a model read from JSON: its features must be the ones this version
 * of Quarry computes, in the same order, with one number each
 */
export function parseAnswerModel (value: unknown): AnswerModel {
  const m = value as Partial<AnswerModel> | null
  const fail = (why: string): never => { throw new InvalidAnswerModelError(`Invalid answer model: ${why}`) }
  if (m === null || typeof m !== 'object') return fail('not an object')
  if (typeof m.id !== 'string' || typeof m.version !== 'number') return fail('id or version missing')
  checkLinear(m.ranker, SENTENCE_FEATURES, 'ranker', fail)
  checkLinear(m.answerability, QUESTION_FEATURES, 'answerability', fail)
  if (typeof m.abstainBelow !== 'number') fail('abstainBelow missing')
  return m as AnswerModel
}

function checkLinear (m: Partial<LinearModel> | undefined, expected: readonly string[], name: string, fail: (why: string) => never): void {
  if (m === undefined || typeof m !== 'object') fail(`${name} missing`)
  const features = m?.features ?? fail(`${name}.features missing`)
  if (features.length !== expected.length || features.some((f, i) => f !== expected[i])) {
    fail(`${name} features (${features.join(', ')}) are not the ones this Quarry computes (${expected.join(', ')}); retrain with npm run train:answerer`)
  }
  for (const key of ['mean', 'scale', 'weights'] as const) {
    const list = m?.[key]
    if (!Array.isArray(list) || list.length !== features.length || list.some(v => typeof v !== 'number' || !Number.isFinite(v))) fail(`${name}.${key} must hold one number per feature`)
  }
  if (typeof m?.bias !== 'number') fail(`${name}.bias missing`)
}
