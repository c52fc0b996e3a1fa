/**
 * `POST /api/session`: mints a session for the app `selectApp` chose (rate-limited per IP): a new
 * anonymous visitor's; with `{ renew }` (an earlier session token) the same visitor's again, within
 * VISITOR_TTL of its expiry; with `{ userToken }` a signed-in user's (identity.ts).
 */
import type { SessionResponse } from '@parley/shared'
import { Hono } from 'hono'
import { REFUSAL_MESSAGES, SIGN_IN_REQUIRED, verifyUserToken } from '../identity.ts'
import { jsonError } from '../middleware/errors.ts'
import { renewableVisitor, signSession } from '../session.ts'
import type { AppEnv } from '../types.ts'

export interface SessionRoutesOptions {
  secret: string
  ttlMs: number
  /** How long after expiry an anonymous session may be renewed for the same visitor (VISITOR_TTL). */
  visitorTtlMs: number
  now: () => number
}

export function sessionRoutes({ secret, ttlMs, visitorTtlMs, now }: SessionRoutesOptions) {
  return new Hono<AppEnv>().post('/session', async (c) => {
    const { config } = c.get('app')
    const userToken = c.get('userToken')
    let user: string | undefined
    if (userToken !== undefined) {
      if (config.identitySecret === null) {
        return jsonError(
          c,
          'bad_request',
          'This app does not take user tokens: give it an identity secret (IDENTITY_SECRET).',
        )
      }
      const identity = await verifyUserToken(userToken, config.identitySecret, now())
      if (typeof identity === 'string') {
        return jsonError(c, 'identity_invalid', REFUSAL_MESSAGES[identity])
      }
      user = identity.user
    } else if (config.requireIdentity) {
      return jsonError(c, 'identity_required', SIGN_IN_REQUIRED)
    } else {
      const renew = c.get('renewToken')
      if (renew !== undefined) {
        user = (await renewableVisitor(renew, secret, config.id, now(), visitorTtlMs)) ?? undefined
        // The widget then starts afresh as a new visitor: nothing of another visitor is reachable.
        if (!user) return jsonError(c, 'unauthorized', 'This session can no longer be renewed.')
      }
    }
    const session = await signSession(secret, ttlMs, now(), config.id, user)
    // Lets the request log correlate this visitor's later requests.
    c.set('visitor', session.visitor)
    const body: SessionResponse = {
      token: session.token,
      expiresAt: new Date(session.expiresAt).toISOString(),
    }
    return c.json(body, 201, { 'Cache-Control': 'no-store' })
  })
}
