/** Typed calls to the Dify Service API. `fetch` is injected so demo and test upstreams plug in. */
import type { Logger } from '../logger.ts'
import { BodyTooLarge, readTextCapped } from '../read-body.ts'
import type { AnswerContext } from './answer-events.ts'
import { type AppMode, readAppMode } from './app-mode.ts'
import { cached } from './cache.ts'
import { DifyError } from './errors.ts'
import { type FrameSource, readDifyFrames } from './frames.ts'
import { AUDIO_LIMITS, BODY_LIMITS, UPSTREAM_LIMITS } from './limits.ts'
import { keyRedactor } from './redact.ts'
import { retrying } from './retry.ts'
import { createSender, isTransient, type Send, type SendInit } from './send.ts'
import { readSiteInfo } from './site-info.ts'
import { boundedAudio } from './spoken-audio.ts'
import type {
  DifyChatRequest,
  DifyConversation,
  DifyConversationPage,
  DifyConversationsQuery,
  DifyFormAnswer,
  DifyGenerateRequest,
  DifyMessagePage,
  DifyMessagesQuery,
  DifyParameters,
  DifyRename,
  DifySiteInfo,
  DifyUploadedFile,
} from './types.ts'
import { type UploadSource, uploadBody } from './upload-body.ts'
import { difyOrigin, fileUrlResolver } from './urls.ts'

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
  /** Where assistant files may come from besides the API's own origin (Dify's FILES_URL). */
  filesOrigin?: string | null
  /** Hears why a call was given up (a limit passed, a redirect), for the relay's log. */
  log?: Pick<Logger, 'warn'>
  /**
   * Hears each call's time to Dify's response headers (or to its failure) by endpoint: the path
   * with its id as `:id` (`messages/:id/feedbacks`), never an id itself; for metrics.
   */
  onUpstream?: (endpoint: string, ms: number, outcome: 'ok' | 'error') => void
}

export interface DifyClient {
  /** Origin that Dify's relative file URLs resolve against. */
  readonly origin: string
  /** What turning this client's frames into widget events needs: file origins, redaction, the log. */
  readonly frames: AnswerContext
  /**
   * Sends a message; resolves at Dify's response headers with the answer's frames, to start, or
   * rejects with a DifyError when Dify refuses it. Never retried.
   */
  chat(request: DifyChatRequest): Promise<FrameSource>
  stop(taskId: string, user: string): Promise<void>
  /** `POST /completion-messages` (a text generator's result), streamed and bounded like `chat`. */
  completion(request: DifyGenerateRequest): Promise<FrameSource>
  stopCompletion(taskId: string, user: string): Promise<void>
  /** `POST /workflows/run` (a workflow's run), streamed and bounded like `chat`. */
  workflow(request: DifyGenerateRequest): Promise<FrameSource>
  /** Dify stops a workflow's task for anyone who names it (dify-api.md Part 2 §B.2): the caller checks. */
  stopWorkflow(taskId: string, user: string): Promise<void>
  /**
   * `GET /workflow/:run/events` without a snapshot: the frames of a paused chatflow run as it
   * resumes, to start; resolves at Dify's response headers, when its subscription is live. Dify
   * replays nothing (dify-api.md Part 2 §C), so open this before answering the run's form. Bounded
   * and timed like `chat` (pings are silence); never retried.
   */
  workflowEvents(runId: string, user: string): Promise<FrameSource>
  /**
   * `POST /form/human_input/:token`: answers a human-input form (single use); Dify's 412s are
   * `form_answered` and `form_expired`. Dify does not check `user` against the run's: the caller
   * must. Never retried.
   */
  submitForm(formToken: string, answer: DifyFormAnswer): Promise<void>
  messages(query: DifyMessagesQuery): Promise<DifyMessagePage>
  feedback(
    messageId: string,
    body: { rating: string | null; content?: string; user: string },
  ): Promise<void>
  suggested(messageId: string, user: string): Promise<string[]>
  /** The user's conversations, newest activity first; an unknown `lastId` is a `not_found`. */
  conversations(query: DifyConversationsQuery): Promise<DifyConversationPage>
  /** Never retried, like every call that changes something. */
  renameConversation(id: string, user: string, rename: DifyRename): Promise<DifyConversation>
  deleteConversation(id: string, user: string): Promise<void>
  /** Cached for `cacheTtlMs`; a stale copy stands in while Dify is briefly down. */
  parameters(): Promise<DifyParameters>
  /**
   * `/site` (web-app title, look, steps), else `/info` (app name; no look, steps off); cached like
   * `parameters`, and checked: see site-look.ts.
   */
  siteInfo(): Promise<DifySiteInfo>
  /** The app's kind from `/info`, or null when Dify does not say; cached like `parameters`. */
  appMode(): Promise<AppMode | null>
  /** Streams `file` to Dify as it is read (a `File`, or a visitor's upload on its way through). */
  uploadFile(file: UploadSource, user: string): Promise<DifyUploadedFile>
  /** `/audio-to-text`: streams the recording like `uploadFile`; the transcription (key redacted). */
  audioToText(file: UploadSource, user: string): Promise<string>
  /**
   * `/text-to-audio` of `messageId`'s answer: its audio bytes as they come (bounded in size, idle
   * and total time), or null when Dify has none (`200 null`: unknown message, empty answer).
   * Dify does not check who owns `messageId`: the caller must.
   */
  textToAudio(messageId: string, user: string): Promise<ReadableStream<Uint8Array> | null>
}

const STALE_MS = 10 * 60_000

export function createDifyClient(options: DifyClientOptions): DifyClient {
  const base = options.baseUrl.replace(/\/+$/, '')
  const redact = keyRedactor(options.apiKey)
  const sender = createSender({
    base,
    apiKey: options.apiKey,
    fetch: options.fetch ?? ((request: Request) => fetch(request)),
    redact,
  })
  const { onUpstream } = options
  // Timed only when someone listens: metrics off costs nothing per call.
  const send: (endpoint: string, ...args: Parameters<Send>) => ReturnType<Send> = !onUpstream
    ? (_endpoint, ...args) => sender(...args)
    : async (endpoint, ...args) => {
        const started = performance.now()
        try {
          const sent = await sender(...args)
          onUpstream(endpoint, performance.now() - started, 'ok')
          return sent
        } catch (err) {
          onUpstream(endpoint, performance.now() - started, 'error')
          throw err
        }
      }
  const origin = difyOrigin(base)
  const fileUrl = fileUrlResolver(origin, options.filesOrigin ?? null)
  const note = (err: unknown) => {
    if (err instanceof DifyError && err.reason)
      options.log?.warn(`Dify call given up: ${err.reason}`)
  }

  interface CallOptions {
    /** Largest body accepted, after decompression. */
    limit: number
    timeoutMs?: number
  }

  /** `endpoint`: Dify's path with its id as `:id`, filled in from `id` (and the metrics' name for it). */
  async function call<T>(
    method: string,
    endpoint: string,
    init: SendInit,
    { limit, timeoutMs = options.firstByteTimeoutMs }: CallOptions,
    id?: string,
  ): Promise<T> {
    const path = `/${id === undefined ? endpoint : endpoint.replace(':id', encodeURIComponent(id))}`
    const once = () => callOnce<T>(endpoint, method, path, init, limit, timeoutMs)
    try {
      // Only reads are retried: a POST Dify may already have acted on (a chat, feedback) is not.
      if (method !== 'GET') return await once()
      return await retrying(once, isTransient, {
        retries: 1,
        baseDelayMs: options.retryDelayMs ?? 200,
      })
    } catch (err) {
      note(err)
      throw err
    }
  }

  async function callOnce<T>(
    endpoint: string,
    method: string,
    path: string,
    init: SendInit,
    limit: number,
    timeoutMs: number,
  ): Promise<T> {
    const { res, clear } = await send(endpoint, method, path, init, timeoutMs)
    try {
      if (res.status === 204) return undefined as T
      return JSON.parse(redact(await readTextCapped(res, limit))) as T
    } catch (err) {
      if (err instanceof DifyError) throw err
      const reason =
        err instanceof BodyTooLarge
          ? `${path} answered with more than ${err.limit} bytes`
          : undefined
      throw new DifyError('upstream_error', 'Dify sent an answer the relay could not read.', {
        ...(reason && { reason }),
      })
    } finally {
      clear()
    }
  }

  /** A streamed answer's frames, to start; resolves at Dify's response headers. Never retried. */
  async function stream(
    endpoint: string,
    method: string,
    path: string,
    init: SendInit,
  ): Promise<FrameSource> {
    const startedAt = Date.now()
    let sent: Awaited<ReturnType<typeof send>>
    try {
      sent = await send(endpoint, method, path, init, options.firstByteTimeoutMs)
    } catch (err) {
      note(err)
      throw err
    }
    sent.clear()
    const body = sent.res.body
    if (!body) throw new DifyError('upstream_error', 'Dify sent an empty answer.')
    const timeouts = {
      firstByteTimeoutMs: options.firstByteTimeoutMs,
      idleTimeoutMs: options.idleTimeoutMs,
      startedAt,
    }
    return readDifyFrames(body, timeouts, UPSTREAM_LIMITS, (reason) =>
      options.log?.warn(`Dify frame skipped: ${reason}`),
    )
  }

  const cacheOptions = {
    ttlMs: options.cacheTtlMs ?? 60_000,
    staleMs: STALE_MS,
    ...(options.now && { now: options.now }),
  }
  const small = { limit: BODY_LIMITS.small }
  const messages = { limit: BODY_LIMITS.messages }
  const conversations = { limit: BODY_LIMITS.conversations }
  const site = { limit: BODY_LIMITS.site }
  // `/info` answers both the app's kind and, for a site without a title, its name: read once.
  const info = cached(() => call<unknown>('GET', 'info', {}, site), cacheOptions)

  return {
    origin,
    frames: {
      difyOrigin: origin,
      fileUrl,
      redact,
      logFault: note,
      warn: (message) => options.log?.warn(message),
    },

    chat(request) {
      const json = { ...request, response_mode: 'streaming' }
      return stream('chat-messages', 'POST', '/chat-messages', { json })
    },

    async stop(taskId, user) {
      await call('POST', 'chat-messages/:id/stop', { json: { user } }, small, taskId)
    },

    completion(request) {
      const json = { ...request, response_mode: 'streaming' }
      return stream('completion-messages', 'POST', '/completion-messages', { json })
    },

    async stopCompletion(taskId, user) {
      await call('POST', 'completion-messages/:id/stop', { json: { user } }, small, taskId)
    },

    workflow(request) {
      const json = { ...request, response_mode: 'streaming' }
      return stream('workflows/run', 'POST', '/workflows/run', { json })
    },

    async stopWorkflow(taskId, user) {
      await call('POST', 'workflows/tasks/:id/stop', { json: { user } }, small, taskId)
    },

    workflowEvents(runId, user) {
      const path = `/workflow/${encodeURIComponent(runId)}/events`
      const query = { user, include_state_snapshot: 'false' }
      return stream('workflow/:id/events', 'GET', path, { query })
    },

    async submitForm(formToken, answer) {
      await call('POST', 'form/human_input/:id', { json: answer }, small, formToken)
    },

    async messages({ conversationId, user, firstId, limit = 20 }) {
      const query = { conversation_id: conversationId, user, first_id: firstId, limit }
      const page = await call<Partial<DifyMessagePage>>('GET', 'messages', { query }, messages)
      return capped(page, limit)
    },

    async feedback(messageId, body) {
      await call('POST', 'messages/:id/feedbacks', { json: body }, small, messageId)
    },

    async suggested(messageId, user) {
      const endpoint = 'messages/:id/suggested'
      const query = { user }
      const res = await call<{ data?: unknown }>('GET', endpoint, { query }, small, messageId)
      return Array.isArray(res.data)
        ? res.data.filter((q): q is string => typeof q === 'string')
        : []
    },

    async conversations({ user, lastId, limit = 20 }) {
      const query = { user, last_id: lastId, limit, sort_by: '-updated_at' }
      const page = await call<Partial<DifyConversationPage>>(
        'GET',
        'conversations',
        { query },
        conversations,
      )
      return capped(page, limit)
    },

    renameConversation(id, user, rename) {
      const json = 'name' in rename ? { name: rename.name, user } : { auto_generate: true, user }
      return call('POST', 'conversations/:id/name', { json }, conversations, id)
    },

    async deleteConversation(id, user) {
      // Dify reads `user` from a JSON body even on DELETE, and refuses one without it (415).
      await call('DELETE', 'conversations/:id', { json: { user } }, small, id)
    },

    parameters: cached(
      () => call<DifyParameters>('GET', 'parameters', {}, { limit: BODY_LIMITS.parameters }),
      cacheOptions,
    ),

    siteInfo: cached(
      () =>
        readSiteInfo((path) => (path === 'info' ? info() : call('GET', path, {}, site)), {
          redact,
          fileUrl,
        }),
      cacheOptions,
    ),

    appMode: cached(async () => readAppMode(await info()), cacheOptions),

    uploadFile(file, user) {
      return call<DifyUploadedFile>(
        'POST',
        'files/upload',
        { body: uploadBody(file, user) },
        {
          limit: BODY_LIMITS.small,
          timeoutMs: options.idleTimeoutMs,
        },
      )
    },

    async audioToText(file, user) {
      // The upload, then a speech model's run: both budgets.
      const timeoutMs = options.idleTimeoutMs + options.firstByteTimeoutMs
      const res = await call<{ text?: unknown } | null>(
        'POST',
        'audio-to-text',
        { body: uploadBody(file, user) },
        { limit: BODY_LIMITS.small, timeoutMs },
      )
      return typeof res?.text === 'string' ? res.text : ''
    },

    async textToAudio(messageId, user) {
      const json = { message_id: messageId, user }
      let sent: Awaited<ReturnType<typeof send>>
      try {
        sent = await send(
          'text-to-audio',
          'POST',
          '/text-to-audio',
          { json },
          options.firstByteTimeoutMs,
        )
      } catch (err) {
        note(err)
        throw err
      }
      const { res, clear } = sent
      if (!(res.headers.get('content-type') ?? '').includes('json')) {
        // From here on the audio's own bounds apply, not the call's timeout.
        clear()
        if (!res.body) return null
        return boundedAudio(res.body, {
          maxBytes: AUDIO_LIMITS.spokenBytes,
          idleMs: options.idleTimeoutMs,
          totalMs: AUDIO_LIMITS.spokenMs,
          onLimit: (reason) => options.log?.warn(`Dify audio cut off: ${reason}`),
        })
      }
      try {
        const text = redact(await readTextCapped(res, BODY_LIMITS.small)).trim()
        // Dify's handler returns None for an unknown message or an empty answer.
        if (text === '' || text === 'null') return null
      } catch {
        // Unreadable: the same answer as JSON that is not audio.
      } finally {
        clear()
      }
      const error = new DifyError(
        'upstream_error',
        'Dify sent an answer the relay could not read.',
        {
          reason: '/text-to-audio answered JSON that is not null',
        },
      )
      note(error)
      throw error
    },
  }
}

/** Never more than was asked for, whatever came back. */
function capped<T>({ has_more, data }: { has_more?: boolean; data?: T[] }, limit: number) {
  const all = Array.isArray(data) ? data : []
  return { limit, has_more: has_more === true || all.length > limit, data: all.slice(0, limit) }
}
