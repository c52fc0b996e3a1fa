/**
 * A fetch Request's body on its way into a node:http request. One that ends within its first
 * 64 KiB (a JSON call) is sent whole, with a Content-Length; a longer one (an upload on its way
 * through) is streamed in chunks as the socket takes them, never read further ahead than that.
 */
import type { ClientRequest } from 'node:http'

/** Bodies up to this size are read whole first: they get a length and can be sent again. */
const WHOLE_BYTES = 64 * 1024

export type NodeBody =
  | { whole: Buffer }
  | { head: Uint8Array[]; rest: ReadableStreamDefaultReader<Uint8Array> }

/** Reads up to `WHOLE_BYTES` of `body`; an abort meanwhile (a slow sender) cancels it. */
export async function nodeBody(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
): Promise<NodeBody> {
  const reader = body.getReader()
  const cancel = () => void reader.cancel(signal.reason).catch(() => undefined)
  signal.addEventListener('abort', cancel, { once: true })
  const head: Uint8Array[] = []
  let size = 0
  try {
    while (size <= WHOLE_BYTES) {
      const { done, value } = await reader.read()
      if (done) return { whole: Buffer.concat(head) }
      head.push(value)
      size += value.byteLength
    }
    return { head, rest: reader }
  } finally {
    signal.removeEventListener('abort', cancel)
  }
}

/** Resolves once `req` can take more; rejects if it closes first. */
function drained(req: ClientRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      req.off('drain', done)
      req.off('close', done)
      if (req.destroyed) reject(new Error('The request closed while its body was being sent.'))
      else resolve()
    }
    req.once('drain', done)
    req.once('close', done)
  })
}

/**
 * Writes a streamed body into `req` and ends it. A body that fails destroys `req` with its error;
 * a `req` destroyed first (an abort, a reset) cancels the body. Returns a function that stops the
 * sending, for an answer that came before the body was all sent.
 */
export function writeStreamed(
  req: ClientRequest,
  body: Extract<NodeBody, { rest: unknown }>,
): () => void {
  let finished = false
  const stop = (error?: Error) => {
    if (finished) return
    finished = true
    void body.rest.cancel(error).catch(() => undefined)
    req.destroy(error)
  }
  req.once('close', () => stop())
  void (async () => {
    try {
      for (const chunk of body.head) if (!req.write(chunk)) await drained(req)
      for (let r = await body.rest.read(); !r.done; r = await body.rest.read()) {
        if (!req.write(r.value)) await drained(req)
      }
      finished = true
      req.end()
    } catch (error) {
      stop(error instanceof Error ? error : new Error('The request body failed.'))
    }
  })()
  return () => stop()
}
