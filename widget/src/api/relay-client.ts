/**
 * Typed calls to the relay. Keeps no UI state: the session token comes from and goes to a
 * `TokenSource`; a 401 gets a fresh session and the request is retried once.
 */
import type {
  AppInfo,
  ChatRequest,
  ErrorCode,
  FeedbackRequest,
  FormSubmitRequest,
  GenerateRequest,
  HealthResponse,
  HistoryResponse,
  SessionResponse,
  SuggestedResponse,
  WidgetEvent,
} from '@parley/shared'
import { ERROR_STATUS, isErrorCode, RETRYABLE_CODES, ROUTES, readEventStream } from '@parley/shared'

export interface TokenSource {
  get(): string | null
  set(token: string | null): void
}

/** The relay's codes, plus `offline`: the request never reached the relay (fetch rejected). */
export type WidgetErrorCode = ErrorCode | 'offline'

/** A failed relay call, carrying the relay's error code ('' message: show the localized default). */
export class RelayError extends Error {
  code: WidgetErrorCode
  retryable: boolean
  /** rate_limited: seconds to wait (Retry-After, else the number in the message); else 0. */
  wait: number
  /** rate_limited by the app's daily limit (everyone waits), not by this visitor's pace. */
  appLimit = false
  constructor(
    code: WidgetErrorCode,
    message = '',
    retryable = true,
    wait = code === 'rate_limited' ? Number(/(\d+) ?s/.exec(message)?.[1]) || 0 : 0,
  ) {
    super(message)
    this.code = code
    this.retryable = retryable
    this.wait = wait
  }
}

/**
 * Whether `e` is a RelayError from any bundle: a lazy chunk has its own copy of the class, and an
 * error the app's relay client threw fails the chunk's `instanceof`.
 */
export const isRelayError = (e: unknown): e is RelayError => e instanceof Error && 'retryable' in e

export interface RelayClient {
  health(): Promise<HealthResponse>
  app(): Promise<AppInfo>
  /**
   * Streams one answer; resolves when the stream ends. Rejects with RelayError before it starts.
   * `path`: a generator's route (`ROUTES.completion`, `ROUTES.workflow`) with its body instead.
   */
  chat(
    body: ChatRequest | GenerateRequest,
    onEvent: (event: WidgetEvent) => void,
    signal?: AbortSignal,
    path?: string,
  ): Promise<void>
  stop(taskId: string): Promise<unknown>
  /** Answers a human-input form: the event stream of the resumed answer, once the relay took it. */
  answerForm(
    token: string,
    body: FormSubmitRequest,
    signal?: AbortSignal,
  ): Promise<ReadableStream<Uint8Array>>
  history(conversationId: string): Promise<HistoryResponse>
  feedback(messageId: string, body: FeedbackRequest): Promise<unknown>
  suggested(messageId: string): Promise<SuggestedResponse>
  /**
   * Any other session call (for the lazy chunks): the JSON answered, null for 204. `send` stands in
   * for fetch (an upload that reports its progress).
   */
  request(path: string, init?: RequestInit, send?: typeof fetch): Promise<unknown>
  /** A session call whose answer is not JSON (spoken audio): the response, once it is OK. */
  raw(path: string, init?: RequestInit): Promise<Response>
}

async function failure(res: Response): Promise<RelayError> {
  const body = (await res.json().catch(() => null)) as {
    error?: { code?: unknown; message?: unknown; limit?: unknown }
  } | null
  const { code, message, limit } = body?.error ?? {}
  const byStatus = (Object.keys(ERROR_STATUS) as ErrorCode[]).find(
    (k) => ERROR_STATUS[k] === res.status,
  )
  const known = isErrorCode(code) ? code : (byStatus ?? 'upstream_error')
  const error = new RelayError(
    known,
    typeof message === 'string' ? message : '',
    RETRYABLE_CODES.has(known),
    (known === 'rate_limited' && Number(res.headers.get('retry-after'))) || undefined,
  )
  error.appLimit = limit === 'app-daily'
  return error
}

/** Who sessions are asked for, and who hears when the relay refuses them for identity. */
export interface SessionIdentity {
  /** The site's user token (see stores/identity.ts); null: anonymous. */
  userToken(): string | null
  /** The relay refused the session: the user token is bad or expired, or sign-in is required. */
  refused(code: 'identity_invalid' | 'identity_required'): void
}

export function createRelayClient(
  base: string,
  tokens: TokenSource,
  fetchFn: typeof fetch = (...args) => fetch(...args),
  /** The relay app (`data-app`) sessions are asked for; null: the relay's first. */
  app: string | null = null,
  identity?: SessionIdentity,
): RelayClient {
  const mint = (renew: string | null): RequestInit => {
    const userToken = identity?.userToken() ?? null
    // A signed-in user signs in again; an anonymous visitor goes on as the same visitor.
    const renewing = userToken ? null : renew
    // Naming no app, user or old session keeps the session request a simple one (no preflight).
    if (!app && !userToken && !renewing) return { method: 'POST' }
    return {
      method: 'POST',
      body: JSON.stringify({
        ...(app && { app }),
        ...(userToken && { userToken }),
        ...(renewing && { renew: renewing }),
      }),
    }
  }
  /** The session token the relay last refused as expired: the next session renews it. */
  let expired: string | null = null
  const minted = async (): Promise<string> => {
    const renew = expired
    expired = null
    try {
      const res = await call(ROUTES.session, mint(renew), false)
      return ((await res.json()) as SessionResponse).token
    } catch (e) {
      // Past VISITOR_TTL (or from another relay): a new visitor.
      if (renew && e instanceof RelayError && e.code === 'unauthorized') return minted()
      if (
        e instanceof RelayError &&
        (e.code === 'identity_invalid' || e.code === 'identity_required')
      ) {
        identity?.refused(e.code)
      }
      throw e
    }
  }
  let pending: Promise<string> | null = null

  /** fetch + error mapping; `auth` adds the session (renewed once on 401). */
  const call = async (
    path: string,
    init: RequestInit = {},
    auth = true,
    renewed = false,
    send = fetchFn,
  ): Promise<Response> => {
    const headers = new Headers(init.headers)
    if (auth) {
      pending ??= (async () => {
        const token = tokens.get() ?? (await minted())
        tokens.set(token)
        return token
      })().finally(() => {
        pending = null
      })
      headers.set('authorization', `Bearer ${await pending}`)
    }
    // A FormData body (an upload) sets its own multipart type.
    if (typeof init.body === 'string') headers.set('content-type', 'application/json')
    let res: Response
    try {
      res = await send(base + path, { ...init, headers })
    } catch (e) {
      if ((e as Error).name === 'AbortError') throw e
      throw new RelayError('offline')
    }
    if (res.status === 401 && auth && !renewed) {
      expired = tokens.get()
      tokens.set(null)
      return call(path, init, auth, true, send)
    }
    if (!res.ok) throw await failure(res)
    return res
  }
  const get = async <T>(path: string, auth = true): Promise<T> =>
    (await (await call(path, {}, auth)).json()) as T
  const post = (path: string, body: unknown, signal?: AbortSignal | null) =>
    call(path, { method: 'POST', body: JSON.stringify(body), signal: signal ?? null })

  const stream = async (path: string, body: unknown, signal?: AbortSignal) => {
    const res = await post(path, body, signal)
    if (!res.body) throw new RelayError('upstream_error')
    return res.body
  }

  return {
    health: () => get(ROUTES.health, false),
    app: () => get(ROUTES.app),
    async chat(body, onEvent, signal, path = ROUTES.chat) {
      await readEventStream(await stream(path, body, signal), onEvent)
    },
    stop: (taskId) => post(ROUTES.stop(taskId), {}),
    answerForm: (token, body, signal) => stream(ROUTES.form(token), body, signal),
    history: (id) => get(`${ROUTES.messages(id)}?limit=50`),
    feedback: (messageId, body) => post(ROUTES.feedback(messageId), body),
    suggested: (messageId) => get(ROUTES.suggested(messageId)),
    raw: (path, init) => call(path, init),
    async request(path, init, send) {
      const res = await call(path, init, true, false, send)
      return res.status === 204 ? null : res.json()
    },
  }
}
