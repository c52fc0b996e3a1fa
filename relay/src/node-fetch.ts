/**
 * The Node entry's way to Dify: node:http(s) over keep-alive sockets, in place of the global
 * `fetch` (undici). Same contract as the `fetch` the Dify client takes — a Request in, a Response
 * whose body streams — at a fraction of the cost per call: undici's fetch clones the request,
 * tees its body, writes it through an async iterator and parses the answer in WebAssembly, which
 * showed as the largest share of the relay's own time before an answer's first event.
 *
 * Like fetch it sends `accept`, `accept-encoding` and `user-agent` unless given, and decodes gzip,
 * deflate and br bodies. A request body streams through (see node-request-body.ts). Redirects,
 * rare for an API base URL, are left to the real fetch, which follows them the standard way —
 * except with `redirect: 'manual'` or after a streamed body (it cannot be sent twice): then the
 * 3xx comes back as it is.
 * Node only; app.ts stays runtime-neutral.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import type { Readable } from 'node:stream'
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib'
import { nodeBody, writeStreamed } from './node-request-body.ts'

export type FetchLike = (request: Request) => Promise<Response>

export interface NodeFetchOptions {
  /** How long an idle keep-alive socket is kept; 4 s by default, as undici does. */
  idleSocketMs?: number
  /** Handles what this does not: redirects and other schemes. The global fetch by default. */
  fallback?: FetchLike
}

export interface NodeFetch extends FetchLike {
  /** Closes the idle sockets (open answers keep theirs until they end). */
  close(): void
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])
const NO_BODY = new Set([204, 205, 304])
/** Chunks buffered ahead of the reader before the socket is paused. */
const HIGH_WATER_BYTES = 64 * 1024

function decoded(res: IncomingMessage): Readable {
  const encoding = (res.headers['content-encoding'] ?? '').trim().toLowerCase()
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : null
  if (!decoder) return res
  res.on('error', (error) => decoder.destroy(error))
  return res.pipe(decoder)
}

/** A web stream of `source`, paused while the reader is `HIGH_WATER_BYTES` behind. */
function webStream(source: Readable, destroy: (error?: Error) => void): ReadableStream<Uint8Array> {
  let settled = false
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        source.on('data', (chunk: Buffer) => {
          // A decoder may still push what it had inflated after the reader cancelled.
          if (settled) return
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
          if ((controller.desiredSize ?? 1) <= 0) source.pause()
        })
        source.once('end', () => {
          if (settled) return
          settled = true
          controller.close()
        })
        const fail = (error?: Error) => {
          if (settled) return
          settled = true
          controller.error(error ?? new Error('The connection closed before the body ended.'))
        }
        source.once('error', fail)
        // A socket closed mid-body: an error, as fetch reports it (not a clean end).
        source.once('close', () => fail())
      },
      pull() {
        source.resume()
      },
      cancel() {
        settled = true
        source.destroy()
        destroy()
      },
    },
    { highWaterMark: HIGH_WATER_BYTES, size: (chunk) => chunk.byteLength },
  )
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error
    ? signal.reason
    : new DOMException('This operation was aborted', 'AbortError')
}

export function createNodeFetch(options: NodeFetchOptions = {}): NodeFetch {
  const fallback = options.fallback ?? ((request: Request) => fetch(request))
  // `timeout` on a keep-alive agent only ever closes sockets in its free list, never one in use.
  const agentOptions = { keepAlive: true, timeout: options.idleSocketMs ?? 4000 }
  const httpAgent = new HttpAgent(agentOptions)
  const httpsAgent = new HttpsAgent(agentOptions)

  async function nodeFetch(request: Request): Promise<Response> {
    const url = new URL(request.url)
    const https = url.protocol === 'https:'
    if (!https && url.protocol !== 'http:') return fallback(request)
    const { signal, method } = request
    if (signal.aborted) throw abortReason(signal)
    const body = request.body === null ? undefined : await nodeBody(request.body, signal)
    if (signal.aborted) throw abortReason(signal)
    const payload = body && 'whole' in body ? body.whole : undefined
    const headers: Record<string, string> = {
      accept: '*/*',
      'accept-encoding': 'gzip, deflate, br',
      'user-agent': 'node',
    }
    request.headers.forEach((value, name) => {
      headers[name] = value
    })
    if (payload !== undefined) headers['content-length'] = String(payload.byteLength)
    const replay = () =>
      fallback(
        new Request(request.url, {
          method,
          headers: request.headers,
          ...(payload !== undefined && { body: payload }),
          signal,
          redirect: request.redirect,
        }),
      )

    return new Promise<Response>((resolve, reject) => {
      const req = (https ? httpsRequest : httpRequest)(url, {
        method,
        headers,
        agent: https ? httpsAgent : httpAgent,
      })
      let res: IncomingMessage | undefined
      let stopSending: (() => void) | undefined
      const onAbort = () => {
        const reason = abortReason(signal)
        if (res) res.destroy(reason)
        else req.destroy(reason)
      }
      signal.addEventListener('abort', onAbort, { once: true })
      const done = () => signal.removeEventListener('abort', onAbort)
      req.once('error', (error) => {
        done()
        reject(error)
      })
      req.once('response', (incoming) => {
        res = incoming
        const status = incoming.statusCode ?? 0
        // `manual` (the Dify client's): the caller sees the 3xx itself and follows nothing.
        const follow = request.redirect !== 'manual' && !stopSending
        if (follow && REDIRECTS.has(status) && incoming.headers.location) {
          incoming.resume()
          done()
          resolve(replay())
          return
        }
        incoming.once('close', done)
        if (stopSending) incoming.once('close', stopSending)
        const responseHeaders = new Headers()
        const raw = incoming.rawHeaders
        for (let i = 0; i + 1 < raw.length; i += 2)
          responseHeaders.append(raw[i] ?? '', raw[i + 1] ?? '')
        const empty = method === 'HEAD' || NO_BODY.has(status)
        if (empty) incoming.resume()
        const body = empty ? null : webStream(decoded(incoming), (error) => incoming.destroy(error))
        resolve(
          new Response(body, {
            status,
            statusText: incoming.statusMessage ?? '',
            headers: responseHeaders,
          }),
        )
      })
      if (body && 'rest' in body) stopSending = writeStreamed(req, body)
      else req.end(payload)
    })
  }

  return Object.assign(nodeFetch, {
    close() {
      httpAgent.destroy()
      httpsAgent.destroy()
    },
  })
}
