import { createHash } from 'node:crypto'
import { describe, it, expect } from 'vitest'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { chunkCid, verifyChunkCid } from './chunk-cid.js'

describe('chunkCid', () => {
  it('is the well-known raw CID of the empty string', async () => {
    expect((await chunkCid('')).toString()).toBe('bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku')
  })

  it('hashes the UTF-8 bytes (checked against node:crypto)', async () => {
    const text = 'Filecoin 文件币 💾 — café'
    const digest = createHash('sha256').update(Buffer.from(text, 'utf8')).digest()
    const expected = CID.createV1(0x55, Digest.create(0x12, digest))
    const cid = await chunkCid(text)
    expect(cid.equals(expected)).toBe(true)
    expect(cid.version).toBe(1)
    expect(cid.code).toBe(0x55)
    expect(cid.toString().startsWith('bafkrei')).toBe(true)
  })
})

describe('verifyChunkCid', () => {
  it('accepts the matching text and rejects any other', async () => {
    const cid = await chunkCid('hello world')
    expect(await verifyChunkCid('hello world', cid)).toBe(true)
    expect(await verifyChunkCid('hello world ', cid)).toBe(false)
  })

  it('rejects CIDs with another codec', async () => {
    const cid = await chunkCid('hello world')
    const dagPbCode = 0x70
    const other = CID.createV1(dagPbCode, cid.multihash)
    expect(await verifyChunkCid('hello world', other)).toBe(false)
  })
})
