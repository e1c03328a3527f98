/**
 * The answer record: the one JSON shape that `answer()` returns and that the
 * CLI, the tools, the MCP server and the eval harness all consume. CIDs are
 * strings here because this is a wire format (it is printed with `--json`,
 * saved with `/save`, and checked by `quarry verify`).
 *
 * @packageDocumentation
 */

/** Answering mode */
export type AnswerMode = 'extractive' | 'llm' | 'agent'

/** One citation, numbered as it appears in the answer text (`[1]`, `[2]`, …) */
export interface Citation {
  /** 1-based number used in the answer text */
  n: number
  /** CID (raw, sha2-256) of the cited chunk's exact UTF-8 bytes */
  chunkCid: string
  /** CID of the file (inside the corpus DAG) the chunk comes from */
  docCid: string
  /** Document path inside the corpus */
  path: string
  /** Document title */
  title: string
  /** Heading path (markdown) */
  headings?: string[]
  /** Page number (paged documents) */
  page?: number
  /** The quoted text: an exact substring of the chunk */
  quote: string
  /** UTF-8 byte offset of `quote` inside the document text */
  byteStart: number
  /** UTF-8 byte offset one past the end of `quote` inside the document text */
  byteEnd: number
  /** UTF-8 byte range of the whole chunk inside the document text */
  chunkByteStart: number
  chunkByteEnd: number
}

/** A retrieved passage shown to the answerer */
export interface AnswerContext {
  chunkCid: string
  docCid: string
  path: string
  text: string
  score: number
}

/** A sentence of the answer and the citations that support it */
export interface AnswerSentence {
  text: string
  /** Citation numbers (see {@link Citation.n}) */
  citations: number[]
  /**
   * The support check's verdict on this sentence against its citations'
   * quotes (see `checkSupport`); unsupported sentences are moved to
   * `rejected`, so a kept sentence is `supported` or `partly`
   */
  support?: 'supported' | 'partly'
  /** Why a `partly` supported sentence is not fully supported */
  supportNotes?: string[]
}

/** What a question asks for when it asks for a figure or a date, with the question's own words that ask it ("What sector size", "when did") */
export interface AskedFor {
  kind: 'number' | 'date'
  words: string
}

/** Timings in milliseconds */
export interface AnswerTimings {
  retrieveMs: number
  generateMs: number
  checkMs: number
  totalMs: number
}

/**
 * Why an answer abstained:
 * - `nothing-retrieved`: the index returned no passage;
 * - `off-vocabulary`: the question's most telling words are ones the corpus
 *   never uses, or no passage holds enough of it (the vocabulary gate);
 * - `low-answerability`: the answer model's answerability is below its
 *   threshold, or below the caller's `minAnswerability`;
 * - `nothing-quotable`: no sentence of the passages may be quoted;
 * - `figure-not-given`: the question asks for a figure or a date, and the best
 *   sentences give none and do not speak of what is measured;
 * - `model-declined`: the LLM or agent answered that the passages do not say;
 * - `model-error`: the agent's model call failed;
 * - `citations-rejected`: the citation check removed every sentence (listed in `rejected`).
 */
export type AbstentionReason = typeof ABSTENTION_REASONS[number]

/** Every {@link AbstentionReason} */
export const ABSTENTION_REASONS = Object.freeze(['nothing-retrieved', 'off-vocabulary', 'low-answerability', 'nothing-quotable', 'figure-not-given', 'model-declined', 'model-error', 'citations-rejected'] as const)

/** The answer record */
export interface AnswerRecord {
  /** Schema version of this record */
  version: 1
  question: string
  /** The standalone question retrieved and answered with, when `question` was a follow-up rewritten from the conversation */
  standaloneQuestion?: string
  /** Answer text with `[n]` citation markers; "Not found in this corpus." when abstained */
  answer: string
  /** Sentences kept after the citation check */
  sentences: AnswerSentence[]
  citations: Citation[]
  /** The passages the answer was given, best first: the `k` retrieved, then up to 2 chunks that continue the first two in their documents (the sentence that answers may sit past the chunker's cut) */
  contexts: AnswerContext[]
  /** True when nothing relevant was retrieved and the answer says so */
  abstained: boolean
  /** Why it abstained (see {@link AbstentionReason}) */
  abstainedBecause?: AbstentionReason
  /** Closest sources when abstaining (citations of the best contexts, not claims) */
  closestSources?: Citation[]
  /** Sentences removed by the citation check, with the reason */
  rejected: Array<{ text: string, reason: string }>
  mode: AnswerMode
  corpusCid: string
  indexCid: string
  /** Embedder id used for retrieval */
  embedder: string
  /** LLM id (`none` in extractive mode) */
  llm: string
  /**
   * How well the retrieved passages answer the question: the answer model's
   * answerability probability (0–1); every mode abstains below the model's
   * threshold, or below {@link AnswerRecord.minAnswerability} when the caller set one
   */
  answerability?: number
  /** The answer model that scored answerability: `id@vN+<CID of its JSON>` (see `answerModelName` in agent/answerers/answer-model.ts) */
  answerModel?: string
  /** The answerability the caller required, when it replaced the model's own threshold (`minAnswerability`) */
  minAnswerability?: number
  /** A partial answer: the question's constraints (a year, a name, a figure, in its own words) that no quoted sentence states */
  unstated?: string[]
  /** A partial answer: what the question asks for (a figure, a date) when no quoted sentence gives one ("What sector size …?" answered "… tiny sector sizes") */
  unstatedAsked?: AskedFor
  timings: AnswerTimings
}
