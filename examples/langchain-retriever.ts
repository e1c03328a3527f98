/**
 * Quarry as a LangChain retriever in an LCEL chain: retrieve passages with
 * verifiable CIDs, then answer with any chat model.
 *
 *   npx tsx examples/langchain-retriever.ts "How long do Filecoin storage deals last?"
 *
 * The chat model is any OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp server, OpenAI):
 *
 *   QUARRY_LLM_BASE_URL=http://127.0.0.1:11434/v1 QUARRY_LLM_MODEL=qwen2.5:7b   (in the environment or ./.env)
 *
 * The first run imports the Filecoin docs and builds their index (a few minutes).
 */
import { StringOutputParser } from '@langchain/core/output_parsers'
import { ChatPromptTemplate } from '@langchain/core/prompts'
import { RunnablePassthrough, RunnableSequence } from '@langchain/core/runnables'
import { ChatOpenAI } from '@langchain/openai'
import { QuarryRetriever } from '../public/langchain.js'
import { resolveSettings } from '../public/session.js'
import type { Document } from '@langchain/core/documents'

const question = process.argv[2] ?? 'How long do Filecoin storage deals last?'
const retriever = new QuarryRetriever({ corpus: 'filecoin-docs', k: 4 })

try {
  const passages = (docs: Document[]): string => docs.map(d => `[${String(d.metadata.chunkCid)}] (${String(d.metadata.path)})\n${d.pageContent}`).join('\n\n')
  const prompt = ChatPromptTemplate.fromTemplate(
    'Answer the question from these passages only, citing each claim with the chunk CID in brackets. ' +
    'Say "Not found" when they do not answer it.\n\n{context}\n\nQuestion: {question}')
  const { llm } = resolveSettings({}, { envFile: '.env' }) // the environment, then ./.env (a library reads no .env unless named)
  const model = new ChatOpenAI({
    model: llm.model ?? 'qwen2.5:7b',
    apiKey: llm.apiKey ?? 'not-needed',
    configuration: { baseURL: llm.baseURL ?? 'http://127.0.0.1:11434/v1' },
    temperature: 0
  })
  const chain = RunnableSequence.from([
    { context: retriever.pipe(passages), question: new RunnablePassthrough() },
    prompt,
    model,
    new StringOutputParser()
  ])
  process.stdout.write(`${await chain.invoke(question)}\n`)
} finally {
  await retriever.close()
}
