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
import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
} from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import type { Readable } from 'node:stream'
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib'
import { type ByteSink, type ByteSource, offerBytes } from './dify/byte-source.ts'
import type { Reading } from './dify/push.ts'
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

/** Counts a chunk by its bytes: one function for every stream. */
const byteLength = (chunk: Uint8Array) => chunk.byteLength

const closedEarly = () => new Error('The connection closed before the body ended.')

/** The bytes of an answer's body (`source`: `incoming` decoded), handed on as they come. */
class IncomingBytes implements ByteSource, Reading {
  readonly #source: Readable
  readonly #incoming: IncomingMessage
  #settled = false

  constructor(source: Readable, incoming: IncomingMessage) {
    this.#source = source
    this.#incoming = incoming
  }

  start(sink: ByteSink): Reading {
    const source = this.#source
    // A decoder may still push what it had inflated after the reading stopped.
    source.on('data', (chunk: Buffer) => {
      if (!this.#settled) sink.data(chunk)
    })
    // `on`, not `once`: each fires once anyway, and a `once` costs a wrapper per listener.
    source.on('end', () => {
      if (this.#settled) return
      this.#settled = true
      sink.end()
    })
    const fail = (error?: Error) => {
      if (this.#settled) return
      this.#settled = true
      sink.fail(error ?? closedEarly())
    }
    source.on('error', fail)
    // A socket closed mid-body: an error, as fetch reports it (not a clean end).
    source.on('close', () => fail())
    return this
  }

  pause(): void {
    this.#source.pause()
  }

  resume(): void {
    this.#source.resume()
  }

  stop(): void {
    this.#settled = true
    this.#source.destroy()
    this.#incoming.destroy()
  }
}

/**
 * The body as a web stream. It starts at the first read only, so that the Dify client can take the
 * bytes pushed instead (`offerBytes`: an answer then holds no web stream at all); once read, it
 * keeps up to `HIGH_WATER_BYTES` ahead of the reader, pausing the socket there.
 */
function webStream(bytes: IncomingBytes): ReadableStream<Uint8Array> {
  let state: 'idle' | 'read' | 'pushed' = 'idle'
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (state !== 'idle') return bytes.resume()
        state = 'read'
        bytes.start({
          data(chunk) {
            // A plain view, not the Buffer itself, for readers that expect a Uint8Array.
            controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
            if ((controller.desiredSize ?? 0) <= -HIGH_WATER_BYTES) bytes.pause()
          },
          end: () => controller.close(),
          fail: (error) => controller.error(error),
        })
      },
      cancel: () => bytes.stop(),
    },
    // Nothing is asked of the socket before a read; after, see the pause above.
    { highWaterMark: 0, size: byteLength },
  )
  offerBytes(stream, () => {
    if (state !== 'idle') return null
    state = 'pushed'
    return bytes
  })
  return stream
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error
    ? signal.reason
    : new DOMException('This operation was aborted', 'AbortError')
}

/**
 * Where `url` points, as node:http takes it. Not the URL itself: node:http would copy all of its
 * parts (href, hash, search…) into the options the agent keeps for as long as the socket lives.
 */
function target(url: URL) {
  const { hostname, port, username, password } = url
  return {
    protocol: url.protocol,
    // An IPv6 literal comes in brackets, which node:http does not take.
    hostname: hostname.startsWith('[') ? hostname.slice(1, -1) : hostname,
    ...(port !== '' && { port: Number(port) }),
    path: `${url.pathname}${url.search}`,
    ...((username || password) && {
      auth: `${decodeURIComponent(username)}:${decodeURIComponent(password)}`,
    }),
  }
}

/** What `exchange` resolves to for a redirect the caller follows (the fallback sends it again). */
const FOLLOW = Symbol('follow')

/** The Response for `incoming`: its status, headers, and its body as a web stream. */
function responseOf(incoming: IncomingMessage, method: string): Response {
  const status = incoming.statusCode ?? 0
  const headers = new Headers()
  const raw = incoming.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] ?? '', raw[i + 1] ?? '')
  const empty = method === 'HEAD' || NO_BODY.has(status)
  if (empty) incoming.resume()
  const body = empty ? null : webStream(new IncomingBytes(decoded(incoming), incoming))
  return new Response(body, { status, statusText: incoming.statusMessage ?? '', headers })
}

/** Listens for errors that no longer matter (after the answer came, its body reports them). */
const ignore = () => {}

/**
 * Aborting `signal` destroys `req`, or once `answered`, the answer. `done` stops listening (when the
 * answer closes). Its own scope: these listeners live as long as the answer's body does.
 */
function abortOn(signal: AbortSignal, req: ClientRequest) {
  let res: IncomingMessage | undefined
  const onAbort = () => {
    const reason = abortReason(signal)
    if (res) res.destroy(reason)
    else req.destroy(reason)
  }
  signal.addEventListener('abort', onAbort, { once: true })
  const done = () => signal.removeEventListener('abort', onAbort)
  return {
    done,
    answered(incoming: IncomingMessage) {
      res = incoming
      incoming.on('close', done)
    },
  }
}

/**
 * `req`'s answer: its Response, or FOLLOW for a redirect to leave to the fallback. Nothing made
 * here outlives the answer's headers but through `abortOn`: the listeners left for the body hold
 * neither the Request, its headers and body, nor this promise and the Response it settled with.
 */
function exchange(
  req: ClientRequest,
  method: string,
  signal: AbortSignal,
  follow: boolean,
  stopSending: (() => void) | undefined,
): Promise<Response | typeof FOLLOW> {
  const abort = abortOn(signal, req)
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      abort.done()
      reject(error)
    }
    req.once('error', onError)
    req.once('response', (incoming) => {
      req.off('error', onError)
      req.on('error', ignore)
      if (follow && REDIRECTS.has(incoming.statusCode ?? 0) && incoming.headers.location) {
        incoming.resume()
        abort.done()
        resolve(FOLLOW)
        return
      }
      abort.answered(incoming)
      if (stopSending) incoming.on('close', stopSending)
      resolve(responseOf(incoming, method))
    })
  })
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

    // As a flat list, sent as it is: an object would be copied into the request's header map, which
    // lives (with the request) as long as the answer. Node adds no Host to a list: it goes first.
    const lines = 'host' in headers ? [] : ['host', url.host]
    for (const name in headers) lines.push(name, headers[name] as string)
    const req = (https ? httpsRequest : httpRequest)({
      ...target(url),
      method,
      headers: lines,
      agent: https ? httpsAgent : httpAgent,
    })
    const stopSending = body && 'rest' in body ? writeStreamed(req, body) : undefined
    // `manual` (the Dify client's): the caller sees the 3xx itself and follows nothing.
    const follow = request.redirect !== 'manual' && !stopSending
    const answer = exchange(req, method, signal, follow, stopSending)
    if (!stopSending) req.end(payload)
    const response = await answer
    return response === FOLLOW ? replay() : response
  }

  return Object.assign(nodeFetch, {
    close() {
      httpAgent.destroy()
      httpsAgent.destroy()
    },
  })
}
