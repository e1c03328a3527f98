import type { IndexProgressEvent } from '../indexes/index.js'
import type { ServerNotification } from '@modelcontextprotocol/sdk/types.js'

/** The parts of an MCP request handler's `extra` that progress needs */
export interface ProgressExtra {
  _meta?: { progressToken?: string | number }
  sendNotification(notification: ServerNotification): Promise<void>
}

/**
 * Turn index progress events into MCP `notifications/progress` for a request
 * that asked for progress (sent a `progressToken`); at most one every
 * `intervalMs`. Returns undefined when the request did not ask.
 */
export function progressNotifier (extra: ProgressExtra, intervalMs = 500): ((event: IndexProgressEvent) => void) | undefined {
  const token = extra._meta?.progressToken
  if (token == null) return undefined
  let progress = 0
  let last = 0
  return (event) => {
    const message = describeProgress(event)
    const now = Date.now()
    if (message == null || now - last < intervalMs) return
    last = now
    progress++
    extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress, message } }).catch(() => {})
  }
}

/** A one-line description of an index progress event, or undefined for events not worth a line */
export function describeProgress (event: IndexProgressEvent): string | undefined {
  switch (event.type) {
    case 'corpora:add:file': return `importing corpus: ${event.filesDone}/${event.filesTotal} files`
    case 'indexes:chunk:document': return `chunking: ${event.chunks} chunks from ${event.documents} documents`
    case 'indexes:embed:batch': return `embedding: ${event.done}/${event.total} chunks`
    case 'indexes:hnsw:add': return `building vector index: ${event.done}/${event.total}`
    case 'indexes:calibrate:query': return `calibrating fusion: ${event.done}/${event.total} pseudo-queries`
    case 'indexes:write': return `writing ${event.file}`
    default: return undefined
  }
}
