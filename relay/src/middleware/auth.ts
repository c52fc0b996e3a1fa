/**
 * The session check for /api/*: a valid `Authorization: Bearer <token>` sets `visitor` and `appId`,
 * else 401.
 */
import type { MiddlewareHandler } from 'hono'
import { sessionVerifier } from '../session.ts'
import type { AppEnv } from '../types.ts'
import { jsonError } from './errors.ts'

export interface SessionAuthOptions {
  secret: string
  now: () => number
}

export function sessionAuth({ secret, now }: SessionAuthOptions): MiddlewareHandler<AppEnv> {
  const verifySession = sessionVerifier(secret)
  return async function sessionAuth(c, next) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')
    const claims = match?.[1] ? await verifySession(match[1], now()) : null
    if (claims === null) {
      return jsonError(
        c,
        'unauthorized',
        match ? 'The session is invalid or has expired.' : 'A session token is required.',
      )
    }
    c.set('visitor', claims.visitor)
    c.set('appId', claims.app)
    return next()
  }
}
