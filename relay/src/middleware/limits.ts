/**
 * Rate limits: token buckets per session and per client IP, and a daily cap per session, for
 * messages; buckets of their own for every other call that reaches Dify.
 */
import { errorBody } from '@parley/shared'
import type { Context, MiddlewareHandler } from 'hono'
import type { Logger } from '../logger.ts'
import type { LimitName } from '../metrics.ts'
import type { AppEnv, Rate } from '../types.ts'
import type { ClientIp } from './client-ip.ts'
import { jsonError } from './errors.ts'
import type { LimitStore } from './limit-store.ts'

interface LimitContext {
  store: LimitStore
  clientIp: ClientIp
  now: () => number
  log: Logger
  /** Hears which limit refused a request (metrics). */
  onRefused?: ((limit: LimitName) => void) | undefined
}

/** A bucket per session and one per client IP. */
export interface CallLimitsOptions extends LimitContext {
  perSession: Rate
  perIp: Rate
  /** Put before every key, so that each app's counters are its own; '' by default. */
  prefix?: string
}

export interface ChatLimitsOptions extends CallLimitsOptions {
  /** Messages per session per UTC day; 0 turns the cap off. */
  dailyPerSession: number
  /** Messages per UTC day for the whole app, every visitor together; 0 turns the cap off. */
  dailyPerApp: number
  /** Which app the daily app count belongs to. */
  app: string
}

const DAY_MS = 86_400_000

function tooMany(
  c: Context,
  ctx: LimitContext,
  limit: LimitName,
  what: string,
  waitMs: number,
): Response {
  ctx.onRefused?.(limit)
  const seconds = Math.max(1, Math.ceil(waitMs / 1000))
  const message = `${what} Please try again in ${seconds} s.`
  const body = errorBody('rate_limited', message, limit === 'daily-app' ? 'app-daily' : undefined)
  return c.json(body, 429, { 'Retry-After': String(seconds) })
}

function storeDown(c: Context, log: Logger, error: unknown): Response {
  log.error('rate limit store failed', { name: error instanceof Error ? error.name : typeof error })
  return jsonError(
    c,
    'upstream_unavailable',
    'The relay cannot check rate limits right now. Please try again.',
  )
}

/** What a bucket says when it is empty, per IP and per session, and its keys' prefix. */
interface Refusals {
  prefix: '' | 'calls-'
  ip: string
  session: string
}

/**
 * Takes one token from the client IP's bucket, then from the session's; the refusal, or null. When
 * the runtime cannot tell the client's IP, only the session bucket applies: one bucket shared by
 * every visitor would turn the per-IP limit into a global one.
 */
async function takeBoth(
  c: Context<AppEnv>,
  options: CallLimitsOptions,
  t: number,
  say: Refusals,
): Promise<Response | null> {
  const { store, clientIp, perIp, perSession, prefix = '' } = options
  const ip = clientIp(c)
  const ipKey = `${prefix}${say.prefix}ip:${ip}`
  const ipWait = ip === undefined ? 0 : await store.take(ipKey, perIp, t)
  if (ipWait > 0) return tooMany(c, options, `${say.prefix}ip`, say.ip, ipWait)
  const key = `${prefix}${say.prefix}session:${c.get('visitor')}`
  const sessionWait = await store.take(key, perSession, t)
  return sessionWait > 0
    ? tooMany(c, options, `${say.prefix}session`, say.session, sessionWait)
    : null
}

const MESSAGES: Refusals = {
  prefix: '',
  ip: 'Too many messages from your network.',
  session: 'You are sending messages too quickly.',
}

const CALLS: Refusals = {
  prefix: 'calls-',
  ip: 'Too many requests from your network.',
  session: 'Too many requests from this chat.',
}

/** Limits for `POST /api/chat`; needs the session check before it (reads `visitor`). */
export function chatLimits(options: ChatLimitsOptions): MiddlewareHandler<AppEnv> {
  const { now, log, store, dailyPerSession, dailyPerApp, app, prefix = '' } = options
  return async function chatLimits(c, next) {
    if (c.req.method !== 'POST') return next()
    const visitor = c.get('visitor')
    const t = now()
    const day = Math.floor(t / DAY_MS)
    const midnight = (day + 1) * DAY_MS
    try {
      const refused = await takeBoth(c, options, t, MESSAGES)
      if (refused) return refused
      if (dailyPerSession > 0) {
        const count = await store.increment(`${prefix}daily:${visitor}:${day}`, midnight, t)
        if (count > dailyPerSession) {
          return tooMany(
            c,
            options,
            'daily-session',
            `You have reached today's limit of ${dailyPerSession} messages.`,
            midnight - t,
          )
        }
      }
      // Last, so that only messages every other limit let through count against the app's day.
      if (dailyPerApp > 0) {
        const count = await store.increment(`daily-app:${app}:${day}`, midnight, t)
        if (count > dailyPerApp) {
          log.warn('daily app limit reached', { app, limit: dailyPerApp })
          const what = "This assistant has reached today's limit."
          return tooMany(c, options, 'daily-app', what, midnight - t)
        }
      }
    } catch (error) {
      return storeDown(c, log, error)
    }
    return next()
  }
}

/**
 * Limits for every other session route that reaches Dify (app info, history, suggested questions,
 * feedback, stop, uploads, voice in and out): each costs Dify work, some a model call, so a session
 * that has used up its messages cannot go on spending through them. Needs the session check
 * before it.
 */
export function callLimits(options: CallLimitsOptions): MiddlewareHandler<AppEnv> {
  return async function callLimits(c, next) {
    try {
      const refused = await takeBoth(c, options, options.now(), CALLS)
      if (refused) return refused
    } catch (error) {
      return storeDown(c, options.log, error)
    }
    return next()
  }
}

/** One token bucket per client IP, under its own key `prefix` (e.g. for minting sessions). */
export function ipLimit(
  options: LimitContext & { rate: Rate; prefix: string; limit: LimitName },
): MiddlewareHandler {
  const { store, clientIp, now, log, rate, prefix, limit } = options
  return async function ipLimit(c, next) {
    try {
      const ip = clientIp(c)
      const wait = ip === undefined ? 0 : await store.take(`${prefix}:${ip}`, rate, now())
      if (wait > 0) return tooMany(c, options, limit, 'Too many requests from your network.', wait)
    } catch (error) {
      return storeDown(c, log, error)
    }
    return next()
  }
}
