/**
 * Which app serves a request: `POST /api/session` names it in its body (`{ "app": "<id>" }`, the
 * first app when it names none); every other call is served by the app its session was minted for.
 * Then that app's own origins are checked (the relay-wide policy before only knows every app's).
 */
import { MAX_USER_TOKEN_CHARS } from '@parley/shared'
import type { MiddlewareHandler } from 'hono'
import { SIGN_IN_REQUIRED } from '../identity.ts'
import { BodyTooLarge, readTextCapped } from '../read-body.ts'
import type { RelayApp } from '../relay-apps.ts'
import type { AppEnv } from '../types.ts'
import { jsonError } from './errors.ts'

/** Room for `{ "app": …, "userToken": … }` with the longest user token taken. */
const SESSION_BODY = MAX_USER_TOKEN_CHARS + 1024

/** Longer than any session token the relay signs. */
const MAX_RENEW_CHARS = 1024

/** What `POST /api/session` asks for, or what is wrong with its body. */
type SessionRequest =
  | { app: RelayApp | undefined; userToken?: string; renew?: string }
  | { error: string }

async function sessionRequest(
  raw: Request,
  apps: ReadonlyMap<string, RelayApp>,
): Promise<SessionRequest> {
  const first = apps.values().next().value
  const text = await readTextCapped(raw, SESSION_BODY)
  if (text.trim() === '') return { app: first }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return { error: 'The request body must be JSON, like {"app":"support"}.' }
  }
  if (typeof body !== 'object' || body === null) return { app: first }
  const {
    app: id,
    userToken,
    renew,
  } = body as { app?: unknown; userToken?: unknown; renew?: unknown }
  if (id !== undefined && typeof id !== 'string') return { error: 'app must be a string.' }
  if (userToken !== undefined && typeof userToken !== 'string') {
    return { error: 'userToken must be a string (the JWT your site signed).' }
  }
  if (renew !== undefined && (typeof renew !== 'string' || renew.length > MAX_RENEW_CHARS)) {
    return { error: 'renew must be the session token to renew.' }
  }
  return {
    app: id === undefined ? first : apps.get(id),
    ...(userToken !== undefined && { userToken }),
    ...(renew !== undefined && { renew }),
  }
}

export function selectApp(
  apps: ReadonlyMap<string, RelayApp>,
  publicOrigin: string | null,
): MiddlewareHandler<AppEnv> {
  return async function selectApp(c, next) {
    let app: RelayApp | undefined
    if (c.req.path === '/api/session') {
      let asked: SessionRequest
      try {
        asked = await sessionRequest(c.req.raw, apps)
      } catch (error) {
        if (!(error instanceof BodyTooLarge)) throw error
        return jsonError(c, 'payload_too_large', 'The session request is too large.')
      }
      if ('error' in asked) return jsonError(c, 'bad_request', asked.error)
      app = asked.app
      if (app === undefined) return jsonError(c, 'not_found', 'No such app on this relay.')
      if (asked.userToken !== undefined) c.set('userToken', asked.userToken)
      if (asked.renew !== undefined) c.set('renewToken', asked.renew)
    } else {
      app = apps.get(c.get('appId'))
      // Minted for an app this relay no longer serves: the widget starts a new session.
      if (!app) return jsonError(c, 'unauthorized', 'The session is invalid or has expired.')
      // An anonymous session minted before the app began to require sign-in (or by another app).
      if (app.config.requireIdentity && !c.get('visitor').startsWith('u_')) {
        return jsonError(c, 'identity_required', SIGN_IN_REQUIRED)
      }
    }
    const origin = c.req.header('origin')
    if (
      origin !== undefined &&
      origin.toLowerCase() !== publicOrigin &&
      !app.allowsOrigin(origin)
    ) {
      return jsonError(
        c,
        'forbidden_origin',
        `The origin ${origin} may not use this app; add it to its allowed origins.`,
      )
    }
    c.set('app', app)
    c.set('dify', app.dify)
    c.set('suggested', app.suggested)
    if (app.meter) c.set('meter', app.meter)
    return next()
  }
}
