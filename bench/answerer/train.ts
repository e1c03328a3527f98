/**
 * Train the answer model from scratch and report grouped cross-validation.
 *
 *   npm run train:answerer -- [--home <dir>] [--folds 5] [--lambda 1,3,10] [--k 5] [--seed 21] [--drop <feature>] [--removed] [--dump <file>] [--compare <earlier dump>] [--write]
 *
 * Reads the dev sets in ../shared/eval, answers them from the Filecoin docs
 * and JFK corpora of the home (imported and indexed on first use), builds a
 * row per candidate sentence (features + label), adds generated negatives
 * (a constraint changed to one the relevant page never states), and:
 * 1. cross-validates grouped by page (no page's questions on both sides),
 *    printing per set the relevant page cited, abstentions, evidence in
 *    context and AUROC of the answerability score, for each L2 strength;
 * 2. with `--write`, fits the chosen strength on everything and writes
 *    agent/answerers/answer-model.v1.json, with the CV figures inside.
 *
 * See bench/answerer/README.md.
 */

import '../../corpora/index.js'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { answerModelJson, answerModelName, logit, questionFeatures, QUESTION_ONLY_FEATURES, SENTENCE_FEATURES, termStatistics } from '../../agent/index.js'
import type { AnswerModel, LinearModel } from '../../agent/index.js'
import type { Row } from './logistic.js'
import { seededRandom } from '../../indexes/index.js'
import { openQuarrySession } from '../../session/index.js'
import { buildExample, withoutEvidence } from './examples.js'
import { asModel, chooseThreshold, evaluate } from './evaluate.js'
import { auroc } from '../../eval/index.js'
import { fitLogistic } from './logistic.js'
import { compareOutcomes, formatComparison, readDump } from './compare-outcomes.js'
import { summarise, printSummary, printTradeOff } from './summary.js'
import { changeConstraint, definitionItems, loadDevItems, questionNames } from './training-set.js'
import type { Example } from './examples.js'
import type { Outcome } from './evaluate.js'
import type { CorpusKey, Item } from './training-set.js'
import type { QuarryIndex } from '../../indexes/index.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const SHARED = process.env.QUARRY_SHARED ?? path.join(ROOT, '../shared')
/** Share of the training questions the corpus answers that the threshold may refuse (the product's promise: answer what the corpus states) */
const MAX_ANSWERABLE_ABSTAINED = 0.03
/** Most definition questions read off each corpus's headings (see definitionItems) */
const DEFINITION_QUESTIONS = 60
/** The thresholds whose effect the trade-off table shows */
const TRADE_OFF_THRESHOLDS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
const MODEL_FILE = path.join(ROOT, 'agent/answerers/answer-model.v1.json')
/** The corpora by the CIDs `quarry corpus add` gives them (README, built-in catalogue) */
const CORPORA: Record<CorpusKey, { ref: string, folder: string }> = {
  filecoin: { ref: 'filecoin-docs', folder: 'corpora/filecoin-docs' },
  jfk: { ref: 'bafybeihjuohb7q6vnkzk6v45ajjns2x3inkpgvocatikvpdkqrgbt2dxcu', folder: 'corpora/jfk-2025-0318/docs' }
}

const { values: args } = parseArgs({
  options: {
    home: { type: 'string' },
    folds: { type: 'string', default: '5' },
    lambda: { type: 'string', default: '1,3,10' },
    k: { type: 'string', default: '5' },
    seed: { type: 'string', default: '21' },
    write: { type: 'boolean', default: false },
    dump: { type: 'string' },
    compare: { type: 'string' },
    drop: { type: 'string', multiple: true },
    removed: { type: 'boolean', default: false }
  }
})
const folds = Number(args.folds)
const lambdas = (args.lambda ?? '').split(',').map(Number)
const k = Number(args.k)

const session = await openQuarrySession(args.home === undefined ? {} : { home: args.home })
try {
  const started = performance.now()
  const items = await loadDevItems(path.join(SHARED, 'eval'))
  const indexes = new Map<CorpusKey, QuarryIndex>()
  for (const key of ['filecoin', 'jfk'] as const) indexes.set(key, await openCorpusIndex(key))
  const definitions = [...indexes].flatMap(([corpus, index]) => definitionItems(index.chunks, corpus, DEFINITION_QUESTIONS, seededRandom(Number(args.seed))))
  const all = [...items, ...definitions, ...generatedNegatives(items, indexes, seededRandom(Number(args.seed)))]
  const examples: Example[] = []
  for (const item of all) {
    const index = indexes.get(item.corpus)
    if (index === undefined) continue
    examples.push(await buildExample(item, index, termStatistics(index.chunks), k))
  }
  // --removed: also train and test on evidence-removed negatives (the shipped model is trained without: CV no better)
  if (args.removed === true) {
    for (const e of [...examples]) {
      if (e.item.role !== 'answerable' || e.item.set.startsWith('followups') || e.item.set.startsWith('generated')) continue
      const removed = withoutEvidence(e)
      if (removed !== undefined) examples.push(removed)
    }
  }
  dropFeatures(examples, args.drop ?? [])
  const rowCount = examples.reduce((n, e) => n + e.rows.length, 0)
  process.stdout.write(`${examples.length} questions (${definitions.length} definition questions from headings, ${all.length - items.length - definitions.length} generated negatives), ${rowCount} candidate sentences, ${examples.reduce((n, e) => n + e.rows.filter(r => r.y === 1).length, 0)} positives; built in ${((performance.now() - started) / 1000).toFixed(1)} s\n`)

  const foldOf = assignFolds(examples.map(e => e.item.group), folds, seededRandom(Number(args.seed)))
  const cv = new Map<number, Outcome[]>()
  for (const lambda of lambdas) {
    const outcomes = crossValidate(examples, foldOf, lambda)
    cv.set(lambda, outcomes)
    process.stdout.write(`\n## grouped ${folds}-fold cross-validation (by page), L2 ${lambda}\n`)
    printSummary(summarise(outcomes), outcomes)
  }
  const chosen = chooseLambda(cv)
  if (args.dump !== undefined) await dumpOutcomes(args.dump, examples, cv.get(chosen) ?? [])
  if (args.compare !== undefined) process.stdout.write(formatComparison(args.compare, compareOutcomes(await readDump(args.compare), cv.get(chosen) ?? [])))
  process.stdout.write(`\nchosen L2 strength: ${chosen} (best mean of answerable relevant-cited and unanswerable abstained in CV)\n`)
  process.stdout.write('\n## stricter abstention (--min-answerability), same CV outcomes\n')
  printTradeOff(cv.get(chosen) ?? [], TRADE_OFF_THRESHOLDS)
  if (args.write === true) await writeModel(examples, chosen, cv.get(chosen) ?? [])
} finally {
  await session.close()
}
process.exit(process.exitCode ?? 0)

/** The newest index of a corpus, importing the corpus from ../shared first when the home lacks it */
async function openCorpusIndex (key: CorpusKey): Promise<QuarryIndex> {
  const { ref, folder } = CORPORA[key]
  try {
    return await session.openIndex({ ref })
  } catch {
    await session.corpora.add(path.join(SHARED, folder))
    return await session.openIndex({ ref })
  }
}

/** One changed-constraint negative per answerable single-turn question that has a year, number or name to change */
function generatedNegatives (items: readonly Item[], indexes: ReadonlyMap<CorpusKey, QuarryIndex>, random: () => number): Item[] {
  const out: Item[] = []
  for (const corpus of ['filecoin', 'jfk'] as const) {
    const mine = items.filter(i => i.corpus === corpus && i.role === 'answerable' && !i.set.startsWith('followups'))
    const names = questionNames(mine)
    const chunks = indexes.get(corpus)?.chunks ?? []
    for (const item of mine) {
      const page = chunks.filter(c => item.relevant.includes(c.path)).map(c => c.text).join('\n')
      const changed = changeConstraint(item, page, names, random)
      if (changed !== undefined) out.push(changed)
    }
  }
  return out
}

/** Ablation (`--drop <feature>`): the named sentence features set to 0 in every row, so CV shows what they are worth */
function dropFeatures (examples: readonly Example[], names: readonly string[]): void {
  const columns = names.map(n => {
    const i = (SENTENCE_FEATURES as readonly string[]).indexOf(n)
    if (i < 0) throw new Error(`--drop ${n}: no such sentence feature (${SENTENCE_FEATURES.join(', ')})`)
    return i
  })
  for (const e of examples) for (const r of e.rows) for (const i of columns) (r.x as number[])[i] = 0
}

/** A ranker row with the features only the answerability model reads ({@link QUESTION_ONLY_FEATURES}) at 0, so the ranker's weight for them is 0 */
function withoutQuestionOnly (row: Row): Row {
  const columns = QUESTION_ONLY_FEATURES.map(n => SENTENCE_FEATURES.indexOf(n))
  return { ...row, x: row.x.map((v, i) => columns.includes(i) ? 0 : v) }
}

/** Groups assigned to folds at random (seeded), whole groups per fold */
function assignFolds (groups: readonly string[], n: number, random: () => number): number[] {
  const distinct = [...new Set(groups)].sort()
  for (let i = distinct.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const tmp = distinct[i] ?? ''
    distinct[i] = distinct[j] ?? ''
    distinct[j] = tmp
  }
  const fold = new Map(distinct.map((g, i) => [g, i % n]))
  return groups.map(g => fold.get(g) ?? 0)
}

/** Train on all folds but one, choose the threshold on the training folds, answer the held-out fold; every question once */
function crossValidate (examples: readonly Example[], foldOf: readonly number[], lambda: number): Outcome[] {
  return outOfFold(examples, foldOf, train => trainModel(train, lambda))
}

/** Every example answered by a model fitted (by `fit`) on the folds it is not in */
function outOfFold (examples: readonly Example[], foldOf: readonly number[], fit: (train: readonly Example[]) => AnswerModel): Outcome[] {
  const outcomes: Outcome[] = []
  for (let f = 0; f < folds; f++) {
    const train = examples.filter((_, i) => foldOf[i] !== f)
    const test = examples.filter((_, i) => foldOf[i] === f)
    outcomes.push(...evaluate(fit(train), test))
  }
  return outcomes
}

/**
 * Fit the sentence ranker and the answerability model ({@link fitModels}),
 * and choose the abstention threshold on out-of-fold scores: the same
 * questions split by page into the same number of folds, each fold scored by
 * models fitted on the others
 */
function trainModel (examples: readonly Example[], lambda: number, training?: Record<string, unknown>): AnswerModel {
  const { ranker, answerable } = fitModels(examples, lambda)
  // the threshold is read off the scores of questions each fit did not see (inner folds, whole pages apart), as
  // unseen questions will score: read off the fitted questions' own scores, which run high, it refused more of
  // the answerable held-out questions than MAX_ANSWERABLE_ABSTAINED (docs/evaluation.md, item 10)
  const foldOf = assignFolds(examples.map(e => e.item.group), folds, seededRandom(Number(args.seed) + 1))
  const scored = outOfFold(examples, foldOf, train => {
    const fit = fitModels(train, lambda)
    return asModel(fit.ranker, fit.answerable, 0)
  })
  const threshold = chooseThreshold(scored.map(o => ({ score: o.score, answerable: o.role === 'answerable' })), MAX_ANSWERABLE_ABSTAINED)
  return asModel(ranker, answerable, threshold, training)
}

/**
 * The sentence ranker, fitted on the rows of questions whose evidence was
 * retrieved, and the answerability model, fitted on every question that
 * passed the coverage gate (answerable with a relevant page retrieved = 1;
 * unanswerable, off-topic and generated = 0)
 */
function fitModels (examples: readonly Example[], lambda: number): { ranker: ReturnType<typeof fitLogistic>, answerable: ReturnType<typeof fitLogistic> } {
  const ranker = fitLogistic(examples.filter(e => e.rows.some(r => r.y === 1)).flatMap(e => e.rows).map(withoutQuestionOnly), lambda)
  const questionRows: Row[] = []
  for (const e of examples) {
    if (!e.gated || (e.item.role === 'answerable' && !e.relevantInContext)) continue
    const x = questionFeatures(e.rows.map(r => r.x), e.rows.map(r => logit({ features: [], ...ranker }, r.x)))
    questionRows.push({ x, y: e.item.role === 'answerable' ? 1 : 0, w: 1 })
  }
  return { ranker, answerable: fitLogistic(questionRows, lambda) }
}

/** The L2 strength whose CV outcomes have the best balanced accuracy (answerable relevant-cited + unanswerable abstained) */
function chooseLambda (cv: ReadonlyMap<number, Outcome[]>): number {
  let best = { lambda: lambdas[0] ?? 1, value: -Infinity }
  for (const [lambda, outcomes] of cv) {
    const s = summarise(outcomes).overall
    const value = s.answerableRelevantCited + s.unanswerableAbstained
    if (value > best.value) best = { lambda, value }
  }
  return best.lambda
}

/** Fit on every example and write the model file, with how it was trained and its CV figures */
async function writeModel (examples: readonly Example[], lambda: number, outcomes: readonly Outcome[]): Promise<void> {
  const summary = summarise(outcomes)
  const training = {
    script: 'npm run train:answerer -- --write',
    sets: [...new Set(examples.map(e => e.item.set))],
    questions: examples.length,
    rows: examples.reduce((n, e) => n + e.rows.length, 0),
    l2: lambda,
    folds,
    crossValidation: { grouping: 'corpus + first relevant page', perSet: summary.perSet, overall: summary.overall, auroc: round(auroc(outcomes.filter(o => o.role !== 'generated').map(o => ({ score: o.score, positive: o.role === 'answerable' })))) }
  }
  const model = trainModel(examples, lambda, training)
  const rounded = { ...model, ranker: roundLinear(model.ranker), answerability: roundLinear(model.answerability), abstainBelow: round(model.abstainBelow) }
  await writeFile(MODEL_FILE, answerModelJson(rounded))
  process.stdout.write(`\nwrote ${path.relative(ROOT, MODEL_FILE)} (abstain below ${rounded.abstainBelow}), stamped ${answerModelName(rounded)}\n`)
  for (const [name, m] of [['ranker', model.ranker], ['answerability', model.answerability]] as const) {
    const ranked = m.features.map((f, i) => ({ f, w: m.weights[i] ?? 0 })).sort((a, b) => Math.abs(b.w) - Math.abs(a.w))
    process.stdout.write(`${name} weights (standardised), largest first: ${ranked.map(r => `${r.f} ${r.w.toFixed(2)}`).join(', ')}\n`)
  }
}

/** `--dump <file>`: one JSON line per question of the chosen strength's CV — question, relevant pages, evidence, what was quoted — to read the failures */
async function dumpOutcomes (file: string, examples: readonly Example[], outcomes: readonly Outcome[]): Promise<void> {
  const byId = new Map(examples.map(e => [`${e.item.set}/${e.item.id}`, e.item]))
  const lines = outcomes.map(o => {
    const item = byId.get(`${o.set}/${o.id}`)
    return JSON.stringify({ ...o, question: item?.question, relevant: item?.relevant, evidence: item?.evidence })
  })
  await writeFile(file, lines.join('\n') + '\n')
  process.stdout.write(`wrote ${lines.length} outcomes to ${file}\n`)
}

function roundLinear (m: LinearModel): LinearModel {
  return { ...m, mean: m.mean.map(round), scale: m.scale.map(round), weights: m.weights.map(round), bias: round(m.bias) }
}

function round (x: number): number {
  return Math.round(x * 1e6) / 1e6
}
