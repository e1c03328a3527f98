import { StringOutputParser } from '@langchain/core/output_parsers'
import { ChatPromptTemplate } from '@langchain/core/prompts'
import { RunnablePassthrough, RunnableSequence } from '@langchain/core/runnables'
import { FakeChatModel } from '@langchain/core/utils/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chunkCid } from '../indexes/index.js'
import { CATALOGUE } from '../session/index.js'
import { copyPrebuiltHome } from '../test/helpers/test-home.js'
import { QuarryRetriever } from './quarry-retriever.js'
import type { Document } from '@langchain/core/documents'

const FILECOIN_DOCS_CID = CATALOGUE.find(c => c.name === 'filecoin-docs')?.cid

describe('QuarryRetriever', () => {
  let home: Awaited<ReturnType<typeof copyPrebuiltHome>>
  let retriever: QuarryRetriever

  beforeAll(async () => {
    home = await copyPrebuiltHome('quarry-retriever-')
    retriever = new QuarryRetriever({ corpus: 'filecoin-docs', home: home.dir, k: 3 })
  }, 600_000)
  afterAll(async () => {
    await retriever?.close()
    await home?.cleanup()
  })

  it('returns documents whose metadata cites and locates each passage', async () => {
    const docs = await retriever.invoke('How long do Filecoin storage deals last?')
    expect(docs).toHaveLength(3)
    for (const doc of docs) {
      const m = doc.metadata
      expect((await chunkCid(doc.pageContent)).toString()).toBe(m.chunkCid)
      expect(doc.id).toBe(m.chunkCid)
      expect(m.docCid).toMatch(/^baf/)
      expect(m.path).toMatch(/\.md$/)
      expect(m.byteEnd - m.byteStart).toBe(Buffer.byteLength(doc.pageContent))
      expect(m.corpusCid).toBe(FILECOIN_DOCS_CID)
      expect(m.indexCid).toMatch(/^baf/)
    }
    expect(docs.map(d => d.metadata.rank)).toEqual([1, 2, 3])
  }, 600_000)

  it('runs inside an LCEL chain (retriever → prompt → chat model → parser)', async () => {
    const seen: Document[] = []
    const formatDocs = (docs: Document[]): string => {
      seen.push(...docs)
      return docs.map(d => `[${String(d.metadata.chunkCid)}] ${d.pageContent}`).join('\n\n')
    }
    const prompt = ChatPromptTemplate.fromTemplate('Answer from these passages, citing chunk CIDs.\n\n{context}\n\nQuestion: {question}')
    // a fake chat model (no LLM can run here): it answers with the prompt it was given, so the test sees what reached it
    const chain = RunnableSequence.from([
      { context: retriever.pipe(formatDocs), question: new RunnablePassthrough() },
      prompt,
      new FakeChatModel({}),
      new StringOutputParser()
    ])
    const out = await chain.invoke('What is Proof-of-Spacetime?')
    expect(seen).toHaveLength(3)
    expect(out).toContain('Question: What is Proof-of-Spacetime?')
    for (const doc of seen) expect(out).toContain(`[${String(doc.metadata.chunkCid)}] ${doc.pageContent}`)
    expect(out.toLowerCase()).toContain('spacetime')
  }, 600_000)

  it('needs a corpus', () => {
    expect(() => new QuarryRetriever({ corpus: ' ' })).toThrow(/corpus/)
  })
})
