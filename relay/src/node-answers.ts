/**
 * The Node entry's way out for answer streams: their text goes to the socket as it is written (see
 * `takeAnswer`), not through a web stream that @hono/node-server reads chunk by chunk, which per
 * open answer held a stream, its reader and pending read, the response and its headers, and per
 * event an encoded chunk and a promise or two. Every other response passes as it came.
 * Node only; app.ts stays runtime-neutral.
 */
import type { OutgoingHttpHeaders } from 'node:http'
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response'
import { type AnswerOutput, takeAnswer } from './routes/answer-stream.ts'

/** What this needs of node:http's ServerResponse (or HTTP/2's compatibility one). */
export interface Outgoing {
  readonly destroyed: boolean
  readonly writable: boolean
  writeHead(status: number, headers: OutgoingHttpHeaders): unknown
  /** HTTP/2's has none. */
  flushHeaders?(): void
  write(text: string): unknown
  end(): unknown
  on(event: 'close' | 'error', listener: () => void): unknown
}

type Fetch<Env> = (request: Request, env: Env) => Response | Promise<Response>

/** `fetch` (an app's), with its answer streams written straight to `env.outgoing`. */
export function withDirectAnswers<Env extends { outgoing: Outgoing }>(
  fetch: Fetch<Env>,
): Fetch<Env> {
  return (request, env) => {
    const res = fetch(request, env)
    // Synchronous answers stay synchronous: @hono/node-server has a faster way for them.
    return res instanceof Promise
      ? res.then((r) => answerDirectly(r, env.outgoing))
      : answerDirectly(res, env.outgoing)
  }
}

function outgoingHeaders(headers: Headers): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {}
  for (const [name, value] of headers) if (name !== 'set-cookie') out[name] = value
  const cookies = headers.getSetCookie()
  if (cookies.length > 0) out['set-cookie'] = cookies
  return out
}

/** Its own scope: the output lives as long as the answer, and holds nothing but `outgoing`. */
function outputTo(outgoing: Outgoing): AnswerOutput {
  return {
    write: (text) => void outgoing.write(text),
    end: () => void outgoing.end(),
  }
}

/** Writes `res` itself when it is an answer stream (then says so); any other, as it is. */
export function answerDirectly(res: Response, outgoing: Outgoing): Response {
  const { headers, status } = res
  if (!headers.get('content-type')?.startsWith('text/event-stream')) return res
  const body = res.body
  if (!body) return res
  const stop = takeAnswer(body, () => {
    outgoing.writeHead(status, outgoingHeaders(headers))
    // Now, as @hono/node-server does for a stream: the visitor sees the answer has begun.
    if (outgoing.writable) outgoing.flushHeaders?.()
    return outputTo(outgoing)
  })
  // Not an answer's stream after all, or it already began: @hono/node-server reads it as usual.
  if (!stop) return res
  if (outgoing.destroyed) stop()
  else {
    outgoing.on('close', stop)
    outgoing.on('error', stop)
  }
  return RESPONSE_ALREADY_SENT
}
