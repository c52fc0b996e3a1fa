/** One JSON line per request: method, path, status, duration, and a pseudonym of the visitor. */
import type { MiddlewareHandler } from 'hono'
import { type LogFields, type Logger, shortHash } from '../logger.ts'
import type { AppEnv } from '../types.ts'
import type { ClientIp } from './client-ip.ts'

export interface RequestLogOptions {
  log: Logger
  clientIp: ClientIp
  /** Paths logged at debug only, e.g. health checks a load balancer makes every few seconds. */
  quietPaths?: readonly string[]
}

/**
 * The path is logged without its query, and the IP only at debug: neither the key, the session token
 * nor a visitor's words belong in logs. For event streams the duration is the time to the headers.
 */
export function requestLog({
  log,
  clientIp,
  quietPaths = [],
}: RequestLogOptions): MiddlewareHandler<AppEnv> {
  return async function requestLog(c, next) {
    const started = performance.now()
    await next()
    const status = c.res.status
    const level = quietPaths.includes(c.req.path) ? 'debug' : status >= 500 ? 'warn' : 'info'
    if (!log.enabled(level)) return
    const visitor: string | undefined = c.get('visitor')
    const fields: LogFields = {
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      visitor: visitor === undefined ? undefined : shortHash(visitor),
    }
    if (log.enabled('debug')) {
      fields.ip = clientIp(c)
      fields.query = new URL(c.req.url).search || undefined
    }
    log[level]('request', fields)
  }
}
