/** `POST /api/session`: mints a visitor session for the app `selectApp` chose (rate-limited per IP). */
import type { SessionResponse } from '@parley/shared'
import { Hono } from 'hono'
import { signSession } from '../session.ts'
import type { AppEnv } from '../types.ts'

export interface SessionRoutesOptions {
  secret: string
  ttlMs: number
  now: () => number
}

export function sessionRoutes({ secret, ttlMs, now }: SessionRoutesOptions) {
  return new Hono<AppEnv>().post('/session', async (c) => {
    const session = await signSession(secret, ttlMs, now(), c.get('app').config.id)
    // Lets the request log correlate this visitor's later requests.
    c.set('visitor', session.visitor)
    const body: SessionResponse = {
      token: session.token,
      expiresAt: new Date(session.expiresAt).toISOString(),
    }
    return c.json(body, 201, { 'Cache-Control': 'no-store' })
  })
}
