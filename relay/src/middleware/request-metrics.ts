/** Counts every response by method, route pattern, status and app (only when metrics are on). */
import type { Context, MiddlewareHandler } from 'hono'
import { matchedRoutes } from 'hono/route'
import type { RelayMetrics } from '../metrics.ts'
import type { RelayApp } from '../relay-apps.ts'
import type { AppEnv } from '../types.ts'

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

/**
 * The pattern of the route the request matched (`/api/conversations/:id/messages`), never its path,
 * so no id reaches a label; `unmatched` when only middleware matched (404s, CORS preflights).
 */
function routeOf(c: Context): string {
  const routes = matchedRoutes(c)
  for (let i = routes.length - 1; i >= 0; i--) {
    const route = routes[i]
    // Middleware is registered for every method; a route for its own.
    if (route && route.method !== 'ALL') return route.path
  }
  return 'unmatched'
}

export function requestMetrics(metrics: RelayMetrics): MiddlewareHandler<AppEnv> {
  return async function requestMetrics(c, next) {
    const started = performance.now()
    c.set('receivedAt', started)
    await next()
    const app: RelayApp | undefined = c.get('app')
    const method = METHODS.has(c.req.method) ? c.req.method : 'other'
    const labels = { method, route: routeOf(c), status: c.res.status, app: app?.config.id ?? '' }
    metrics.request(labels, performance.now() - started)
  }
}
