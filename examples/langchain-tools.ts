/**
 * Quarry's tools in a LangChain JS agent.
 *
 *   npx tsx examples/langchain-tools.ts "How long do Filecoin storage deals last?"
 *
 * The agent needs a chat model that can call tools, served by any
 * OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp server, OpenAI):
 *
 *   QUARRY_LLM_BASE_URL=http://127.0.0.1:11434/v1 QUARRY_LLM_MODEL=qwen2.5:7b   (in the environment or ./.env)
 *
 * The first run imports the Filecoin docs and builds their index (a few minutes).
 */
import { ChatOpenAI } from '@langchain/openai'
import { createAgent } from 'langchain'
import { askTool, verifyTool } from '../public/agent.js'
import { openQuarrySession } from '../public/session.js'
import { createToolContext, listCorporaTool, readTool, searchTool } from '../public/tools.js'
import { toLangChainTools } from '../public/langchain.js'

const question = process.argv[2] ?? 'How long do Filecoin storage deals last?'

// one session (a local Helia node + its corpora and indexes) shared by all tools
const session = await openQuarrySession()
try {
  const ctx = createToolContext(session, {
    onBuild: ref => { process.stderr.write(`building the index for ${ref} (first run only)…\n`) }
  })
  // define once (Quarry tools), adapt to LangChain
  const tools = toLangChainTools([searchTool(ctx), readTool(ctx), listCorporaTool(ctx), askTool(ctx), verifyTool(ctx)])

  const { llm } = session.settings // flags > environment > ./.env > defaults, resolved once
  const model = new ChatOpenAI({
    model: llm.model ?? 'qwen2.5:7b',
    apiKey: llm.apiKey ?? 'not-needed',
    configuration: { baseURL: llm.baseURL ?? 'http://127.0.0.1:11434/v1' },
    temperature: 0
  })
  const agent = createAgent({
    model,
    tools,
    systemPrompt: 'Answer from the Filecoin documentation only. Search with quarry_search, read more with quarry_read, ' +
      'and cite every claim with the chunkCid of the passage it comes from. Say so when the documents do not answer the question.'
  })

  const result = await agent.invoke({ messages: [{ role: 'user', content: question }] })
  const last = result.messages.at(-1)
  process.stdout.write(`${String(last?.content ?? '')}\n`)
} finally {
  await session.close()
}
