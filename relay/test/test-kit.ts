/** Test helpers for the Dify-backed routes: a tiny Dify-shaped fake and a test app that mounts a route. */
import type { WidgetEvent } from '@parley/shared'
import { readEventStream } from '@parley/shared'
import { Hono, type MiddlewareHandler } from 'hono'
import type { AnswerContext, AnswerIds } from '../src/dify/answer-events.ts'
import { createDifyClient } from '../src/dify/client.ts'
import { keyRedactor } from '../src/dify/redact.ts'
import type { DifyParameters } from '../src/dify/types.ts'
import { fileUrlResolver } from '../src/dify/urls.ts'
import type { RelayApp } from '../src/relay-apps.ts'
import { createSuggestedCache } from '../src/routes/suggested-cache.ts'
import { createUploadSlots } from '../src/routes/upload-slots.ts'
import type { AppConfig, AppEnv, Config } from '../src/types.ts'

export const DIFY_URL = 'https://dify.test/v1'
export const API_KEY = 'app-NotARealKey-TestKit001'
export const VISITOR = 'visitor-1'
/** Where the fake Dify serves files besides its API origin (its FILES_URL). */
export const FILES_ORIGIN = 'https://files.example.com'

/** What the Dify client gives `answerEvents` and the history mapper, for the fake Dify. */
export function answerContext(logFault: (err: unknown) => void = () => {}): AnswerContext {
  const origin = new URL(DIFY_URL).origin
  return {
    difyOrigin: origin,
    fileUrl: fileUrlResolver(origin, FILES_ORIGIN),
    redact: keyRedactor(API_KEY),
    logFault,
  }
}
/** Ids as Dify gave them, for tests of the mapping itself (visitor-ids.ts makes the real tokens). */
export const plainIds: AnswerIds = {
  task: async (taskId) => taskId,
  form: async ({ form, handle }) => ({ token: `unsealed:${handle.runId}`, ...form }),
}

export const CONV_ID = '8c1e2f4a-0000-4000-8000-000000000001'
export const MSG_ID = '5ad4aaaa-0000-4000-8000-000000000002'
export const TASK_ID = 'f3b2bbbb-0000-4000-8000-000000000003'

export interface FakeCall {
  method: string
  path: string
  query: URLSearchParams
  headers: Headers
  signal: AbortSignal
  redirect: Request['redirect']
  json?: unknown
  form?: FormData
}

export type FakeHandler = (call: FakeCall) => Response | Promise<Response>

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  })
}

export const BASE_PARAMETERS: DifyParameters = {
  opening_statement: 'Hi!',
  suggested_questions: ['What can you do?'],
  suggested_questions_after_answer: { enabled: false },
  user_input_form: [],
  file_upload: { image: { enabled: false, number_limits: 3, transfer_methods: ['local_file'] } },
  system_parameters: { image_file_size_limit: 10, file_size_limit: 15 },
}

/** Dify's stream: each frame one `data:` line; `'ping'` becomes `event: ping` with no data. */
export function sseText(frames: (Record<string, unknown> | 'ping')[]): string {
  return frames
    .map((f) => (f === 'ping' ? 'event: ping\n\n' : `data: ${JSON.stringify(f)}\n\n`))
    .join('')
}

/** A streaming body that yields `chunks` one per read, optionally staying open (a hang) after them. */
export function streamBody(chunks: (string | Uint8Array)[], options: { hang?: boolean } = {}) {
  const encoder = new TextEncoder()
  let i = 0
  const state = { pulledAll: false, cancelled: false }
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[i++]
      if (chunk === undefined) {
        state.pulledAll = true
        if (!options.hang) controller.close()
        return new Promise<void>(() => {}) // hang: never resolves
      }
      controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk)
      return undefined
    },
    cancel() {
      state.cancelled = true
    },
  })
  return { body, state }
}

export function sseResponse(body: string | ReadableStream<Uint8Array>): Response {
  return new Response(body, { headers: { 'Content-Type': 'text/event-stream; charset=utf-8' } })
}

/** Routes keyed `'GET /parameters'`; unmatched calls get Dify's 404. Every call is recorded. */
export function fakeDify(routes: Record<string, FakeHandler> = {}) {
  const calls: FakeCall[] = []
  const all: Record<string, FakeHandler> = {
    'GET /parameters': () => json(BASE_PARAMETERS),
    'GET /site': () => json({ title: 'Support Bot', description: 'Answers questions' }),
    ...routes,
  }
  async function fetch(request: Request): Promise<Response> {
    const url = new URL(request.url)
    const call: FakeCall = {
      method: request.method,
      path: url.pathname.replace(/^\/v1/, ''),
      query: url.searchParams,
      headers: request.headers,
      signal: request.signal,
      redirect: request.redirect,
    }
    const type = request.headers.get('content-type') ?? ''
    if (type.includes('json')) call.json = await request.json()
    else if (type.includes('multipart')) call.form = await request.formData()
    calls.push(call)
    const key = `${call.method} ${call.path}`
    const handler =
      all[key] ??
      Object.entries(all).find(([k]) =>
        new RegExp(`^${k.replace(/:\w+/g, '[^/]+')}$`).test(key),
      )?.[1]
    if (!handler) return json({ code: 'not_found', message: 'Not Found', status: 404 }, 404)
    return handler(call)
  }
  return { fetch, calls }
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  const config: Omit<Config, 'apps'> = {
    difyApiKey: API_KEY,
    difyApiUrl: DIFY_URL,
    port: 8787,
    host: '127.0.0.1',
    metricsPort: null,
    allowedOrigins: ['*'],
    publicOrigin: null,
    difyFilesOrigin: FILES_ORIGIN,
    sessionSecret: 'test-secret',
    sessionSecretGenerated: false,
    sessionTtlMs: 60_000,
    visitorTtlMs: 30 * 86_400_000,
    rateLimitSession: { limit: 100, windowMs: 60_000 },
    rateLimitIp: { limit: 100, windowMs: 60_000 },
    maxQueryChars: 4000,
    upstreamFirstByteTimeoutMs: 1000,
    upstreamIdleTimeoutMs: 1000,
    trustProxy: false,
    dailyLimitSession: 200,
    dailyLimitApp: 0,
    ipv6Prefix: 64,
    redisUrl: null,
    shutdownGraceMs: 1000,
    logLevel: 'error',
    demoApp: 'chat',
    warnings: [],
    ...overrides,
  }
  const app: AppConfig = {
    id: 'default',
    difyApiKey: config.difyApiKey,
    difyApiUrl: config.difyApiUrl,
    difyFilesOrigin: config.difyFilesOrigin,
    allowedOrigins: config.allowedOrigins,
    rateLimitSession: config.rateLimitSession,
    rateLimitIp: config.rateLimitIp,
    dailyLimitSession: config.dailyLimitSession,
    dailyLimitApp: config.dailyLimitApp,
    identitySecret: null,
    requireIdentity: false,
    showProcess: false,
    workflowOutputs: [],
  }
  return { ...config, apps: overrides.apps ?? [app] }
}

/** Lets every request through: the test app has no limits. */
const unlimited: MiddlewareHandler = async (_c, next) => {
  await next()
}

/**
 * A Hono app that sets the route variables like the real app, and mounts `routes` under `/api`.
 * `app` changes the served app's settings (its first in `config.apps`).
 */
export function testApp(
  routes: Hono<AppEnv>,
  options: {
    fetch: (request: Request) => Promise<Response>
    config?: Partial<Config>
    app?: Partial<AppConfig>
    visitor?: string
  },
) {
  const config = testConfig(options.config)
  const [served] = config.apps
  if (!served) throw new Error('testApp needs an app in config.apps')
  const dify = createDifyClient({
    baseUrl: config.difyApiUrl,
    apiKey: API_KEY,
    fetch: options.fetch,
    firstByteTimeoutMs: config.upstreamFirstByteTimeoutMs,
    idleTimeoutMs: config.upstreamIdleTimeoutMs,
    filesOrigin: config.difyFilesOrigin,
  })
  const suggested = createSuggestedCache()
  const uploads = createUploadSlots(2)
  const relayApp: RelayApp = {
    config: { ...served, ...options.app },
    mode: 'dify',
    dify,
    suggested,
    allowsOrigin: () => true,
    sessionLimit: unlimited,
    chatLimits: unlimited,
    callLimits: unlimited,
  }
  const app = new Hono<AppEnv>()
  app.use(async (c, next) => {
    c.set('config', config)
    c.set('app', relayApp)
    c.set('dify', dify)
    c.set('suggested', suggested)
    c.set('uploads', uploads)
    c.set('visitor', options.visitor ?? VISITOR)
    await next()
  })
  app.route('/api', routes)
  return app
}

export function postJson(body: unknown): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  }
}

export async function readEvents(res: Response): Promise<WidgetEvent[]> {
  const events: WidgetEvent[] = []
  if (res.body) await readEventStream(res.body, (e) => events.push(e))
  return events
}
