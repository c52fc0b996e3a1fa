/**
 * A Dify-compatible test upstream: the emulator behind a real node:http server on
 * a loopback port, so tests exercise real sockets — split writes, hangs, abrupt closes, disconnects.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { DEFAULT_API_KEY } from './context.ts'
import type {
  DifyEmulator,
  EmulatorOptions,
  MessageRecord,
  RecordedRequest,
  Scenario,
} from './emulator.ts'
import { createDifyEmulator } from './emulator.ts'

export type { DifyFrame, Json } from './read-frames.ts'
export { answerOf, jsonOf, parseDifyFrames, readDifyFrames } from './read-frames.ts'
export type { EmulatorOptions, RecordedRequest, Scenario }

/** A fault the server answers with instead of asking the emulator: Dify (or its proxy) briefly down. */
export type UpstreamFault = 'reset' | { status: number; body?: unknown }

export interface DifyUpstream {
  /** Base URL ending in `/v1`, for DIFY_API_URL. */
  url: string
  /** The key requests must carry, for DIFY_API_KEY. */
  apiKey: string
  /** Every request the emulator answered, in order (faulted ones are not among them). */
  requests: RecordedRequest[]
  /** Every request that reached the server, faulted or not: `METHOD /v1/path`. */
  received: string[]
  /**
   * The next requests whose path (from `/v1` on, without query) is `path` get these faults, one each:
   * `'reset'` drops the connection without a response, `{ status, body }` answers with Dify's JSON.
   */
  failNext(path: string, ...faults: UpstreamFault[]): void
  /** Scripts the next `/chat-messages` answers, one scenario per request. */
  next(...scenarios: Scenario[]): void
  /** The emulator itself: state, saved messages, `settled()`. */
  emulator: DifyEmulator
  /** A conversation's saved messages, oldest first. */
  messages(conversationId: string): MessageRecord[]
  /** Resolves once every answer in progress has ended and been saved. */
  settled(): Promise<void>
  /** How many client connections were closed by the client before their response ended. */
  readonly disconnects: number
  close(): Promise<void>
}

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v)
  }
  return headers
}

/** The request's body: multipart (uploads, maybe large) streams through, others are read whole. */
async function bodyOf(req: IncomingMessage): Promise<RequestInit['body']> {
  if (req.method === 'GET' || req.method === 'HEAD') return null
  if ((req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
    return Readable.toWeb(req) as ReadableStream<Uint8Array>
  }
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return new Uint8Array(Buffer.concat(chunks))
}

async function send(response: Response, res: ServerResponse, gone: AbortSignal): Promise<void> {
  const headers = Object.fromEntries(response.headers)
  const streaming = (headers['content-type'] ?? '').startsWith('text/event-stream')
  if (!streaming || !response.body) {
    // Dify's JSON and error bodies arrive whole, with a length.
    const body = Buffer.from(await response.arrayBuffer())
    res.writeHead(response.status, { ...headers, 'content-length': String(body.length) })
    res.end(body)
    return
  }
  res.writeHead(response.status, headers)
  res.flushHeaders()
  const reader = response.body.getReader()
  gone.addEventListener('abort', () => void reader.cancel().catch(() => {}), { once: true })
  let flushed = Promise.resolve()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      if (!res.destroyed) flushed = new Promise((resolve) => res.write(value, () => resolve()))
    }
    res.end()
  } catch {
    // The emulator destroyed the stream: once what was written has left, drop the socket with no
    // chunked terminator, as a crashed server would.
    await flushed
    res.socket?.destroy()
  }
}

/** Starts the upstream on 127.0.0.1 with a free port. Options go to the emulator (`apiKey` defaults to `app-test-key`). */
export async function startDifyUpstream(options: EmulatorOptions = {}): Promise<DifyUpstream> {
  const emulator = createDifyEmulator({ apiKey: DEFAULT_API_KEY, ...options })
  let disconnects = 0
  const received: string[] = []
  const faults = new Map<string, UpstreamFault[]>()
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    received.push(`${req.method ?? 'GET'} ${path}`)
    const fault = faults.get(path)?.shift()
    if (fault === 'reset') {
      req.socket.destroy()
      return
    }
    if (fault) {
      const body = JSON.stringify(
        fault.body ?? { code: 'unknown', message: 'Bad Gateway', status: fault.status },
      )
      res.writeHead(fault.status, { 'content-type': 'application/json' })
      res.end(body)
      return
    }
    const gone = new AbortController()
    res.on('close', () => {
      if (!res.writableFinished) {
        disconnects++
        gone.abort()
      }
    })
    try {
      // A stream body needs `duplex`; the DOM typings (bench checks this file with them) lack it.
      const init: RequestInit & { duplex: 'half' } = {
        method: req.method ?? 'GET',
        headers: toHeaders(req),
        body: await bodyOf(req),
        signal: gone.signal,
        duplex: 'half',
      }
      const request = new Request(
        `http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`,
        init,
      )
      const response = await emulator.fetch(request)
      if (gone.signal.aborted) return
      await send(response, res, gone.signal)
    } catch {
      res.socket?.destroy()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}/v1`,
    apiKey: emulator.apiKey ?? DEFAULT_API_KEY,
    requests: emulator.requests,
    received,
    failNext(path, ...more) {
      faults.set(path, [...(faults.get(path) ?? []), ...more])
    },
    next: (...scenarios) => emulator.next(...scenarios),
    emulator,
    messages: (conversationId) => emulator.messages(conversationId),
    settled: () => emulator.settled(),
    get disconnects() {
      return disconnects
    },
    async close() {
      emulator.dispose()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
