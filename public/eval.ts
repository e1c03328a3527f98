/**
 * `quarry/eval`: load BEIR and question-answer datasets, run retrieval and
 * answer evaluations, the metrics, reports, and exports to Ragas, DeepEval
 * and promptfoo.
 *
 * @packageDocumentation
 */
export {
  loadBeirDataset, importBeirCorpus, loadQaDataset, runRetrievalEval, tuneFusion, runQaEval, QA_METRICS,
  ndcgAtK, recallAtK, precisionAtK, mrrAtK, tokenF1, exactMatch, citationPrecision, relevantSourceCited, summarize,
  writeJsonReport, renderMarkdownReport, renderHtmlReport,
  toRagasJsonl, toDeepevalJson, toPromptfooConfig, toPromptfooYaml, EvalDatasetError
} from '../eval/index.js'
export type {
  BeirDataset, BeirDocument, BeirQuery, LoadBeirDatasetOptions, ImportBeirCorpusOptions, QaDataset, QaSample, LoadQaDatasetOptions,
  RunRetrievalEvalOptions, RetrievalEvalProgressEvent, TuneFusionOptions, RunQaEvalOptions, QaEvalResult, QaEvalProgressEvent,
  MetricSummary, EvalReport, WriteJsonReportOptions, RagasSample, DeepevalTestCase, ToPromptfooConfigOptions
} from '../eval/index.js'
