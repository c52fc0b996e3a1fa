/** `createRelay(config, deps)`: the runtime-neutral Hono app. Runtime entries (node.ts, …) only serve it. */
import { Hono } from 'hono'
import { createLogger, type LogSink } from './logger.ts'
import type { RelayMetrics } from './metrics.ts'
import { sessionAuth } from './middleware/auth.ts'
import { type ClientIp, clientIpResolver } from './middleware/client-ip.ts'
import { errorHandler, notFound } from './middleware/errors.ts'
import { bucketedIp } from './middleware/ip-bucket.ts'
import { createMemoryStore, type LimitStore } from './middleware/limit-store.ts'
import { originPolicy } from './middleware/origin.ts'
import { requestLog } from './middleware/request-log.ts'
import { requestMetrics } from './middleware/request-metrics.ts'
import { selectApp } from './middleware/select-app.ts'
import { createRelayApps } from './relay-apps.ts'
import { appInfoRoutes } from './routes/app-info.ts'
import { audioRoutes } from './routes/audio.ts'
import { chatRoutes } from './routes/chat.ts'
import { conversationRoutes } from './routes/conversations.ts'
import { fileRoutes } from './routes/files.ts'
import { formRoutes } from './routes/forms.ts'
import { generateRoutes } from './routes/generate.ts'
import { healthRoutes } from './routes/health.ts'
import { historyRoutes } from './routes/history.ts'
import { messageRoutes } from './routes/messages.ts'
import { sessionRoutes } from './routes/session.ts'
import { createUploadSlots } from './routes/upload-slots.ts'
import { widgetRoutes } from './routes/widget.ts'
import type { AppEnv, Config } from './types.ts'

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
  /** Where metrics go (METRICS_PORT); none: nothing is measured. */
  metrics?: RelayMetrics
}

/** The routes that run the app's model: each call counts as a message (its rates and daily caps). */
const MESSAGE_PATHS = new Set(['/api/chat', '/api/completion', '/api/workflow'])

/** Uploads one session may have streaming through at once (each holds two connections open). */
const UPLOADS_PER_SESSION = 2

export function createRelay(config: Config, deps: RelayDeps = {}): Hono<AppEnv> {
  const now = deps.now ?? Date.now
  const log = createLogger({ level: config.logLevel, now, ...(deps.log && { sink: deps.log }) })
  const clientIp = clientIpResolver(config.trustProxy, deps.clientIp)
  const apps = createRelayApps(config, {
    store: deps.limitStore ?? createMemoryStore(),
    clientIp: bucketedIp(clientIp, config.ipv6Prefix),
    now,
    log,
    fetch: deps.fetch,
    metrics: deps.metrics,
  })
  const mode = [...apps.values()].every((a) => a.mode === 'demo') ? 'demo' : 'dify'
  const uploads = createUploadSlots(UPLOADS_PER_SESSION)

  const app = new Hono<AppEnv>()
  app.onError(errorHandler(log))
  app.notFound(notFound)
  if (deps.metrics) app.use(requestMetrics(deps.metrics))
  app.use(requestLog({ log, clientIp, quietPaths: ['/healthz'] }))

  app.use(
    '/api/*',
    // Any app's origin passes here (and gets its CORS answer); selectApp then checks the app's own.
    originPolicy(
      config.apps.flatMap((a) => a.allowedOrigins),
      config.publicOrigin,
    ),
    async function relayContext(c, next) {
      c.set('config', config)
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
  app.use('/api/*', selectApp(apps, config.publicOrigin))
  app.use('/api/*', async function appLimits(c, next) {
    const { sessionLimit, chatLimits, callLimits } = c.get('app')
    if (c.req.path === '/api/session') return sessionLimit(c, next)
    // Answering a form resumes the model's run: it counts as a message.
    if (MESSAGE_PATHS.has(c.req.path) || c.req.path.startsWith('/api/forms/')) {
      return chatLimits(c, next)
    }
    return callLimits(c, next)
  })

  app.route(
    '/api',
    sessionRoutes({
      secret: config.sessionSecret,
      ttlMs: config.sessionTtlMs,
      visitorTtlMs: config.visitorTtlMs,
      now,
    }),
  )
  app.route('/api', chatRoutes)
  app.route('/api', generateRoutes)
  app.route('/api', formRoutes)
  app.route('/api', appInfoRoutes)
  app.route('/api', historyRoutes)
  app.route('/api', conversationRoutes)
  app.route('/api', messageRoutes)
  app.route('/api', fileRoutes)
  app.route('/api', audioRoutes)
  app.route(
    '/',
    healthRoutes({
      mode,
      version: deps.version ?? 'dev',
      apps: [...apps.values()].map((a) => ({ id: a.config.id, mode: a.mode })),
    }),
  )
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
