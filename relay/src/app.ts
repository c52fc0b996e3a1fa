/** `createRelay(config, deps)`: the runtime-neutral Hono app. Runtime entries (node.ts, …) only serve it. */
import { Hono } from 'hono'
import { createDemoUpstream } from './demo/upstream.ts'
import { createDifyClient } from './dify/client.ts'
import { createLogger, type LogSink } from './logger.ts'
import { sessionAuth } from './middleware/auth.ts'
import { type ClientIp, clientIpResolver } from './middleware/client-ip.ts'
import { errorHandler, notFound } from './middleware/errors.ts'
import { bucketedIp } from './middleware/ip-bucket.ts'
import { createMemoryStore, type LimitStore } from './middleware/limit-store.ts'
import { callLimits, chatLimits, ipLimit } from './middleware/limits.ts'
import { originPolicy } from './middleware/origin.ts'
import { requestLog } from './middleware/request-log.ts'
import { appInfoRoutes } from './routes/app-info.ts'
import { chatRoutes } from './routes/chat.ts'
import { fileRoutes } from './routes/files.ts'
import { healthRoutes } from './routes/health.ts'
import { historyRoutes } from './routes/history.ts'
import { messageRoutes } from './routes/messages.ts'
import { sessionRoutes } from './routes/session.ts'
import { createSuggestedCache } from './routes/suggested-cache.ts'
import { createUploadSlots } from './routes/upload-slots.ts'
import { widgetRoutes } from './routes/widget.ts'
import type { AppEnv, Config, Rate } from './types.ts'

export interface RelayDeps {
  /** How the Dify client reaches Dify; in demo mode the built-in demo upstream by default. */
  fetch?: (request: Request) => Promise<Response>
  /** The client address from the connection (each runtime has its own way). */
  clientIp?: ClientIp
  /** A built widget file (`widget.js` or a hashed chunk) by name, or null when it is not built. */
  widgetFile?: (name: string) => Promise<string | null>
  /** Where log lines go; stdout/stderr by default. */
  log?: LogSink
  now?: () => number
  version?: string
  /** Rate-limit counters; in memory by default. The entry passes a Redis store when REDIS_URL is set. */
  limitStore?: LimitStore
  /** Quiet time before a `: ping` comment on an answer stream; 15 s by default. */
  pingIntervalMs?: number
  /** Aborted by the entry when it is about to drop the connections left at shutdown. */
  closing?: AbortSignal
}

/**
 * Every other call that reaches Dify (app info, history, suggested, feedback, stop, uploads) has
 * buckets this many times the message rates: a visitor makes a few per message (suggestions, a
 * rating, history after a reload or a broken stream), a script looping on them meets the limit.
 */
const CALLS_PER_MESSAGE = 3

const times = (rate: Rate, k: number): Rate => ({ ...rate, limit: rate.limit * k })

/** Uploads one session may have streaming through at once (each holds two connections open). */
const UPLOADS_PER_SESSION = 2

export function createRelay(config: Config, deps: RelayDeps = {}): Hono<AppEnv> {
  const now = deps.now ?? Date.now
  const mode = config.difyApiKey === null ? 'demo' : 'dify'
  const log = createLogger({ level: config.logLevel, now, ...(deps.log && { sink: deps.log }) })
  const clientIp = clientIpResolver(config.trustProxy, deps.clientIp)
  const limitIp = bucketedIp(clientIp, config.ipv6Prefix)
  const store = deps.limitStore ?? createMemoryStore()
  const upstreamFetch = deps.fetch ?? (mode === 'demo' ? createDemoUpstream().fetch : undefined)
  const dify = createDifyClient({
    baseUrl: config.difyApiUrl,
    // The demo upstream accepts any key; a real one is never needed in demo mode.
    apiKey: config.difyApiKey ?? 'app-demo',
    ...(upstreamFetch && { fetch: upstreamFetch }),
    firstByteTimeoutMs: config.upstreamFirstByteTimeoutMs,
    idleTimeoutMs: config.upstreamIdleTimeoutMs,
    filesOrigin: config.difyFilesOrigin,
    log,
    now,
  })

  const suggested = createSuggestedCache({ now })
  const uploads = createUploadSlots(UPLOADS_PER_SESSION)

  const app = new Hono<AppEnv>()
  app.onError(errorHandler(log))
  app.notFound(notFound)
  app.use(requestLog({ log, clientIp, quietPaths: ['/healthz'] }))

  app.use(
    '/api/*',
    originPolicy(config.allowedOrigins, config.publicOrigin),
    async function relayContext(c, next) {
      c.set('config', config)
      c.set('dify', dify)
      c.set('suggested', suggested)
      c.set('uploads', uploads)
      if (deps.pingIntervalMs !== undefined) c.set('pingIntervalMs', deps.pingIntervalMs)
      if (deps.closing) c.set('closing', deps.closing)
      return next()
    },
  )
  const auth = sessionAuth({ secret: config.sessionSecret, now })
  app.use('/api/*', async function requireSession(c, next) {
    return c.req.path === '/api/session' ? next() : auth(c, next)
  })
  app.use(
    '/api/session',
    ipLimit({ store, clientIp: limitIp, now, log, rate: config.rateLimitIp, prefix: 'session-ip' }),
  )
  app.use(
    '/api/chat',
    chatLimits({
      store,
      clientIp: limitIp,
      now,
      log,
      perSession: config.rateLimitSession,
      perIp: config.rateLimitIp,
      dailyPerSession: config.dailyLimitSession,
      dailyPerApp: config.dailyLimitApp,
      app: 'default',
    }),
  )

  const calls = callLimits({
    store,
    clientIp: limitIp,
    now,
    log,
    perSession: times(config.rateLimitSession, CALLS_PER_MESSAGE),
    perIp: times(config.rateLimitIp, CALLS_PER_MESSAGE),
  })
  app.use('/api/*', async function otherCallLimits(c, next) {
    const messages = c.req.path === '/api/chat' && c.req.method === 'POST'
    return c.req.path === '/api/session' || messages ? next() : calls(c, next)
  })

  app.route(
    '/api',
    sessionRoutes({ secret: config.sessionSecret, ttlMs: config.sessionTtlMs, now }),
  )
  app.route('/api', chatRoutes)
  app.route('/api', appInfoRoutes)
  app.route('/api', historyRoutes)
  app.route('/api', messageRoutes)
  app.route('/api', fileRoutes)
  app.route('/', healthRoutes({ mode, version: deps.version ?? 'dev' }))
  app.route(
    '/',
    widgetRoutes({
      widgetFile: deps.widgetFile ?? (async () => null),
      mode,
      trustProxy: config.trustProxy,
    }),
  )
  return app
}
