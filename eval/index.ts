/**
 * The eval harness: BEIR retrieval benchmarks and QA answer-quality evals,
 * their metrics, JSON / Markdown / HTML reports, and exports to ragas,
 * deepeval and promptfoo.
 *
 * @packageDocumentation
 */

export { EvalDatasetError } from './errors.js'
export { gitCommit } from './git-commit.js'
export type { GitCommitOptions } from './git-commit.js'
export { timed } from './latency.js'
export type { Timed } from './latency.js'

export { loadBeirDataset } from './beir-dataset.js'
export type { BeirDocument, BeirQuery, BeirDataset, LoadBeirDatasetOptions } from './beir-dataset.js'
export { BEIR_CORPUS_FILE, importBeirCorpus, serializeBeirCorpus, beirDocId, beirCorpusName } from './beir-corpus.js'
export type { ImportBeirCorpusOptions } from './beir-corpus.js'
export { loadQaDataset } from './qa-dataset.js'
export type { QaSample, QaDataset, LoadQaDatasetOptions } from './qa-dataset.js'

export { BEIR_CHUNK_OPTIONS, ALL_SEARCH_MODES, runRetrievalEval } from './run-retrieval-eval.js'
export type { BeirChunkOptions, RetrievalEvalProgressEvent, RunRetrievalEvalOptions } from './run-retrieval-eval.js'
export { tuneFusion, rankBeirDocuments } from './tune-fusion.js'
export type { TuneFusionOptions } from './tune-fusion.js'
export { QA_METRICS, runQaEval } from './run-qa-eval.js'
export type { QaEvalProgressEvent, RunQaEvalOptions, QaEvalResult } from './run-qa-eval.js'

export { mean, percentile, summarize } from './metrics/aggregate.js'
export { auroc } from './metrics/auroc.js'
export { evidenceInContext } from './metrics/evidence-in-context.js'
export type { MetricSummary } from './metrics/aggregate.js'
export { relevantDocs } from './metrics/qrels.js'
export type { QueryQrels } from './metrics/qrels.js'
export { topK } from './metrics/top-k.js'
export { rankRun } from './metrics/rank-run.js'
export { ndcgAtK } from './metrics/ndcg.js'
export { recallAtK } from './metrics/recall.js'
export { precisionAtK } from './metrics/precision.js'
export { mrrAtK } from './metrics/mrr.js'
export { stripCitationMarkers, normalizeAnswer, answerTokens } from './metrics/normalize-answer.js'
export { tokenF1 } from './metrics/token-f1.js'
export { exactMatch } from './metrics/exact-match.js'
export { normalizeSourcePath, citationMatches, relevantSourceCited, citationPrecision } from './metrics/citation.js'
export type { CitedAnswer } from './metrics/citation.js'

export { serializeJsonReport, writeJsonReport } from './reports/json-report.js'
export type { EvalKind, EvalReference, EvalModeResult, EvalQueryRow, EvalReport, WriteJsonReportOptions } from './reports/json-report.js'
export { renderMarkdownReport } from './reports/markdown-report.js'
export { renderHtmlReport } from './reports/html-report.js'
export { SCIFACT_NDCG10_REFERENCES } from './reports/scifact-references.js'
export { renderBarChartSvg } from './reports/svg-bar-chart.js'
export type { BarChartInput } from './reports/svg-bar-chart.js'
export { renderHistogramSvg } from './reports/svg-histogram.js'
export type { HistogramInput } from './reports/svg-histogram.js'

export { toRagasSample, toRagasJsonl } from './exports/ragas.js'
export type { RagasSample, ToRagasSampleOptions } from './exports/ragas.js'
export { toDeepevalTestCase, toDeepevalJson } from './exports/deepeval.js'
export type { DeepevalTestCase, ToDeepevalTestCaseOptions } from './exports/deepeval.js'
export { toPromptfooTest, relevantCitationAssertion, toPromptfooConfig, toPromptfooYaml, toPromptfooTestsJson } from './exports/promptfoo.js'
export type { PromptfooAssertion, PromptfooTest, ToPromptfooTestOptions, ToPromptfooConfigOptions } from './exports/promptfoo.js'
export { parseJsonObject } from './parse-json-object.js'
