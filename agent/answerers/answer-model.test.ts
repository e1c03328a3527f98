import { readFile } from 'node:fs/promises'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { answerModelJson, answerModelName, defaultAnswerModel, parseAnswerModel } from './answer-model.js'
import { InvalidAnswerModelError } from '../errors.js'

describe('answerModelName', () => {
  it('names the shipped model by the CID of its JSON file, byte for byte', async () => {
    const bytes = await readFile(new URL('./answer-model.v1.json', import.meta.url))
    const cid = CID.createV1(raw.code, await sha256.digest(bytes))
    const model = defaultAnswerModel()
    expect(answerModelJson(model)).toBe(bytes.toString('utf8'))
    expect(answerModelName(model)).toBe(`quarry-answerer@v${model.version}+${cid.toString()}`)
  })

  it('gives a model with one weight changed another name', () => {
    const model = defaultAnswerModel()
    const changed = parseAnswerModel({ ...model, abstainBelow: model.abstainBelow + 0.01 })
    expect(answerModelName(changed)).not.toBe(answerModelName(model))
    expect(answerModelName(changed).startsWith(`quarry-answerer@v${model.version}+bafkrei`)).toBe(true)
  })
})

describe('parseAnswerModel', () => {
  it('refuses a model whose features are not the ones this Quarry computes, saying how to retrain', () => {
    const model = defaultAnswerModel()
    const bad = { ...model, ranker: { ...model.ranker, features: model.ranker.features.slice(1) } }
    expect(() => parseAnswerModel(bad)).toThrow(InvalidAnswerModelError)
    expect(() => parseAnswerModel(bad)).toThrow(/npm run train:answerer/)
  })
})
