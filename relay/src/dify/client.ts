/** Typed calls to the Dify Service API. `fetch` is injected so demo and test upstreams plug in. */
import { cached } from './cache.ts'
import { DifyError } from './errors.ts'
import { retrying } from './retry.ts'
import { createSender, isTransient, type SendInit } from './send.ts'
import type { DifyFrame } from './stream.ts'
import { readDifyFrames } from './stream.ts'
import type {
  DifyChatRequest,
  DifyMessagePage,
  DifyMessagesQuery,
  DifyParameters,
  DifySiteInfo,
  DifyUploadedFile,
} from './types.ts'
import { difyOrigin } from './urls.ts'

export interface DifyClientOptions {
  /** Service API base, e.g. `https://api.dify.ai/v1`. */
  baseUrl: string
  apiKey: string
  fetch?: (request: Request) => Promise<Response>
  /** For streams: silence allowed before the first data frame. For other calls: the whole call. */
  firstByteTimeoutMs: number
  /** For streams: silence allowed between data frames. For uploads: the whole call. */
  idleTimeoutMs: number
  /** How long `/parameters` and `/site` answers are reused. */
  cacheTtlMs?: number
  /** GETs failing with a 5xx or a broken connection are retried once after about this long. */
  retryDelayMs?: number
  /** The cache's clock. */
  now?: () => number
}

export interface DifyClient {
  /** Origin that Dify's relative file URLs resolve against. */
  readonly origin: string
  /** Starts a streaming answer; rejects with a DifyError before any frame when Dify refuses. Never retried. */
  chat(request: DifyChatRequest): Promise<AsyncGenerator<DifyFrame>>
  stop(taskId: string, user: string): Promise<void>
  messages(query: DifyMessagesQuery): Promise<DifyMessagePage>
  feedback(
    messageId: string,
    body: { rating: string | null; content?: string; user: string },
  ): Promise<void>
  suggested(messageId: string, user: string): Promise<string[]>
  /** Cached for `cacheTtlMs`; a stale copy stands in while Dify is briefly down. */
  parameters(): Promise<DifyParameters>
  /** `/site` (web-app title), else `/info` (app name); cached like `parameters`. */
  siteInfo(): Promise<DifySiteInfo>
  uploadFile(file: File, user: string): Promise<DifyUploadedFile>
}

const STALE_MS = 10 * 60_000

export function createDifyClient(options: DifyClientOptions): DifyClient {
  const base = options.baseUrl.replace(/\/+$/, '')
  const send = createSender({
    base,
    apiKey: options.apiKey,
    fetch: options.fetch ?? ((request: Request) => fetch(request)),
  })

  async function call<T>(
    method: string,
    path: string,
    init: SendInit = {},
    timeoutMs = options.firstByteTimeoutMs,
  ): Promise<T> {
    // Only reads are retried: a POST Dify may already have acted on (a chat, feedback) is not.
    if (method !== 'GET') return callOnce<T>(method, path, init, timeoutMs)
    return retrying(() => callOnce<T>(method, path, init, timeoutMs), isTransient, {
      retries: 1,
      baseDelayMs: options.retryDelayMs ?? 200,
    })
  }

  async function callOnce<T>(
    method: string,
    path: string,
    init: SendInit,
    timeoutMs: number,
  ): Promise<T> {
    const { res, clear } = await send(method, path, init, timeoutMs)
    try {
      if (res.status === 204) return undefined as T
      return (await res.json()) as T
    } catch (err) {
      if (err instanceof DifyError) throw err
      throw new DifyError('upstream_error', 'Dify sent an answer the relay could not read.')
    } finally {
      clear()
    }
  }

  const cacheOptions = {
    ttlMs: options.cacheTtlMs ?? 60_000,
    staleMs: STALE_MS,
    ...(options.now && { now: options.now }),
  }

  return {
    origin: difyOrigin(base),

    async chat(request) {
      const startedAt = Date.now()
      const json = { ...request, response_mode: 'streaming' }
      const { res, clear } = await send(
        'POST',
        '/chat-messages',
        { json },
        options.firstByteTimeoutMs,
      )
      clear()
      if (!res.body) throw new DifyError('upstream_error', 'Dify sent an empty answer.')
      return readDifyFrames(res.body, {
        firstByteTimeoutMs: options.firstByteTimeoutMs,
        idleTimeoutMs: options.idleTimeoutMs,
        startedAt,
      })
    },

    async stop(taskId, user) {
      await call('POST', `/chat-messages/${encodeURIComponent(taskId)}/stop`, { json: { user } })
    },

    messages({ conversationId, user, firstId, limit }) {
      const query = { conversation_id: conversationId, user, first_id: firstId, limit }
      return call<DifyMessagePage>('GET', '/messages', { query })
    },

    async feedback(messageId, body) {
      await call('POST', `/messages/${encodeURIComponent(messageId)}/feedbacks`, { json: body })
    },

    async suggested(messageId, user) {
      const path = `/messages/${encodeURIComponent(messageId)}/suggested`
      const res = await call<{ data?: unknown }>('GET', path, { query: { user } })
      return Array.isArray(res.data)
        ? res.data.filter((q): q is string => typeof q === 'string')
        : []
    },

    parameters: cached(() => call<DifyParameters>('GET', '/parameters'), cacheOptions),

    siteInfo: cached(async () => {
      try {
        const site = await call<Record<string, unknown>>('GET', '/site')
        if (typeof site.title === 'string' && site.title !== '')
          return pickInfo(site.title, site.description)
      } catch (err) {
        if (!(err instanceof DifyError)) throw err
      }
      const info = await call<Record<string, unknown>>('GET', '/info')
      return pickInfo(info.name, info.description)
    }, cacheOptions),

    uploadFile(file, user) {
      const form = new FormData()
      form.set('file', file, file.name)
      form.set('user', user)
      return call<DifyUploadedFile>('POST', '/files/upload', { form }, options.idleTimeoutMs)
    },
  }
}

function pickInfo(title: unknown, description: unknown): DifySiteInfo {
  return {
    title: typeof title === 'string' && title !== '' ? title : null,
    description: typeof description === 'string' && description !== '' ? description : null,
  }
}
