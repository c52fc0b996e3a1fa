/**
 * What the relay holds for each app it serves: the app's Dify client, its caches, its limits and
 * its origin check. Built once in `createRelay`; a request is served by the app its session names.
 */
import type { MiddlewareHandler } from 'hono'
import { createDifyClient, type DifyClient } from './dify/client.ts'
import type { Logger } from './logger.ts'
import { type AppMeter, appMeter, type RelayMetrics } from './metrics.ts'
import type { ClientIp } from './middleware/client-ip.ts'
import type { LimitStore } from './middleware/limit-store.ts'
import { callLimits, chatLimits, ipLimit } from './middleware/limits.ts'
import { originMatcher } from './middleware/origin.ts'
import { createSuggestedCache, type SuggestedCache } from './routes/suggested-cache.ts'
import type { AppConfig, AppEnv, Config, Mode, Rate } from './types.ts'

export interface RelayApp {
  config: AppConfig
  mode: Mode
  dify: DifyClient
  /** Suggested questions already asked of Dify, per visitor and message. */
  suggested: SuggestedCache
  allowsOrigin(origin: string): boolean
  /** Per-IP bucket for minting sessions of this app. */
  sessionLimit: MiddlewareHandler
  /** Buckets and daily caps for sending a message. */
  chatLimits: MiddlewareHandler<AppEnv>
  /** Buckets for every other call that reaches Dify. */
  callLimits: MiddlewareHandler<AppEnv>
  /** Its metrics, when they are on. */
  meter?: AppMeter | undefined
}

export interface RelayAppsDeps {
  store: LimitStore
  /** The client's per-IP bucket (see ip-bucket.ts). */
  clientIp: ClientIp
  now: () => number
  log: Logger
  /** How every app's client reaches Dify; demo apps get the built-in demo upstream otherwise. */
  fetch?: ((request: Request) => Promise<Response>) | undefined
  /** Where metrics go; none: metrics off, nothing is measured. */
  metrics?: RelayMetrics | undefined
}

/**
 * Every other call that reaches Dify (app info, history, suggested, feedback, stop, uploads, voice
 * in and out) has buckets this many times the message rates: a visitor makes a few per message
 * (suggestions, a rating, history after a reload or a broken stream), a script looping on them
 * meets the limit.
 */
const CALLS_PER_MESSAGE = 3

const times = (rate: Rate, k: number): Rate => ({ ...rate, limit: rate.limit * k })

/**
 * The built-in demo upstream's fetch, loaded on the first request: the emulator is not part of what
 * a relay with a key runs (the Node bundle keeps it in a chunk of its own).
 */
function demoFetch(app: Config['demoApp']): (request: Request) => Promise<Response> {
  let upstream: Promise<(request: Request) => Promise<Response>> | undefined
  return async (request) => {
    upstream ??= import('@parley/emulator').then(({ createDemoUpstream }) => {
      const demo = createDemoUpstream({ app })
      return (r: Request) => demo.fetch(r)
    })
    return (await upstream)(request)
  }
}

function createRelayApp(app: AppConfig, config: Config, deps: RelayAppsDeps): RelayApp {
  const { store, clientIp, now, log } = deps
  const mode: Mode = app.difyApiKey === null ? 'demo' : 'dify'
  const fetch = deps.fetch ?? (mode === 'demo' ? demoFetch(config.demoApp) : undefined)
  // Each app's counters under keys of its own, so that apps never share a bucket.
  const prefix = app.id === 'default' ? '' : `${app.id}:`
  const meter = deps.metrics && appMeter(deps.metrics, app.id)
  const limits = { store, clientIp, now, log, onRefused: meter?.refused }
  return {
    config: app,
    mode,
    meter,
    dify: createDifyClient({
      baseUrl: app.difyApiUrl,
      // The demo upstream accepts any key; a real one is never needed in demo mode.
      apiKey: app.difyApiKey ?? 'app-demo',
      ...(fetch && { fetch }),
      firstByteTimeoutMs: config.upstreamFirstByteTimeoutMs,
      idleTimeoutMs: config.upstreamIdleTimeoutMs,
      filesOrigin: app.difyFilesOrigin,
      log,
      now,
      ...(meter && { onUpstream: meter.upstream }),
    }),
    suggested: createSuggestedCache({ now }),
    allowsOrigin: originMatcher(app.allowedOrigins),
    sessionLimit: ipLimit({
      ...limits,
      rate: app.rateLimitIp,
      prefix: `${prefix}session-ip`,
      limit: 'session-mint',
    }),
    chatLimits: chatLimits({
      ...limits,
      prefix,
      perSession: app.rateLimitSession,
      perIp: app.rateLimitIp,
      dailyPerSession: app.dailyLimitSession,
      dailyPerApp: app.dailyLimitApp,
      app: app.id,
    }),
    callLimits: callLimits({
      ...limits,
      prefix,
      perSession: times(app.rateLimitSession, CALLS_PER_MESSAGE),
      perIp: times(app.rateLimitIp, CALLS_PER_MESSAGE),
    }),
  }
}

/** The apps of `config`, by id, in its order (the first answers requests that name none). */
export function createRelayApps(config: Config, deps: RelayAppsDeps): Map<string, RelayApp> {
  return new Map(config.apps.map((app) => [app.id, createRelayApp(app, config, deps)]))
}
