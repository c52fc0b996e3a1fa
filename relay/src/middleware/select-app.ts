/**
 * Which app serves a request: `POST /api/session` names it in its body (`{ "app": "<id>" }`, the
 * first app when it names none); every other call is served by the app its session was minted for.
 * Then that app's own origins are checked (the relay-wide policy before only knows every app's).
 */
import type { MiddlewareHandler } from 'hono'
import { BodyTooLarge, readTextCapped } from '../read-body.ts'
import type { RelayApp } from '../relay-apps.ts'
import type { AppEnv } from '../types.ts'
import { jsonError } from './errors.ts'

const SESSION_BODY = 1024

async function sessionApp(
  raw: Request,
  apps: ReadonlyMap<string, RelayApp>,
): Promise<RelayApp | string | undefined> {
  const text = await readTextCapped(raw, SESSION_BODY)
  if (text.trim() === '') return apps.values().next().value
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return 'The request body must be JSON, like {"app":"support"}.'
  }
  const id = typeof body === 'object' && body !== null ? (body as { app?: unknown }).app : undefined
  if (id === undefined) return apps.values().next().value
  return typeof id === 'string' ? apps.get(id) : 'app must be a string.'
}

export function selectApp(
  apps: ReadonlyMap<string, RelayApp>,
  publicOrigin: string | null,
): MiddlewareHandler<AppEnv> {
  return async function selectApp(c, next) {
    let app: RelayApp | string | undefined
    if (c.req.path === '/api/session') {
      try {
        app = await sessionApp(c.req.raw, apps)
      } catch (error) {
        if (!(error instanceof BodyTooLarge)) throw error
        return jsonError(c, 'payload_too_large', 'The session request is too large.')
      }
      if (app === undefined) return jsonError(c, 'not_found', 'No such app on this relay.')
      if (typeof app === 'string') return jsonError(c, 'bad_request', app)
    } else {
      app = apps.get(c.get('appId'))
      // Minted for an app this relay no longer serves: the widget starts a new session.
      if (!app) return jsonError(c, 'unauthorized', 'The session is invalid or has expired.')
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
