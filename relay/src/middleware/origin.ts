/** The ALLOWED_ORIGINS policy for /api/*: refuse browsers from other sites, answer CORS preflights. */
import type { MiddlewareHandler } from 'hono'
import { jsonError } from './errors.ts'

interface ParsedOrigin {
  scheme: string
  host: string
  port: string
}

const DEFAULT_PORT: Record<string, string> = { http: '80', https: '443' }

function parse(origin: string): ParsedOrigin | null {
  const match = /^(https?):\/\/([^/:]+)(?::(\d+|\*))?$/.exec(origin.toLowerCase())
  if (!match?.[1] || !match[2]) return null
  const scheme = match[1]
  return { scheme, host: match[2], port: match[3] ?? DEFAULT_PORT[scheme] ?? '' }
}

/**
 * A predicate for ALLOWED_ORIGINS entries: `*`, exact origins, `https://*.example.com` (any depth of
 * subdomain, not the apex) and `:*` for any port, e.g. `http://localhost:*`.
 */
export function originMatcher(allowed: readonly string[]): (origin: string) => boolean {
  if (allowed.includes('*')) return () => true
  const patterns = allowed.map(parse).filter((p) => p !== null)
  return (origin) => {
    const o = parse(origin)
    if (!o) return false
    return patterns.some(
      (p) =>
        p.scheme === o.scheme &&
        (p.port === '*' || p.port === o.port) &&
        (p.host.startsWith('*.') ? o.host.endsWith(p.host.slice(1)) : p.host === o.host),
    )
  }
}

const ALLOW_METHODS = 'GET, POST, PATCH, DELETE, OPTIONS'
const ALLOW_HEADERS = 'Authorization, Content-Type'
// Retry-After must be readable by the widget's script to show when to try again.
const EXPOSE_HEADERS = 'Retry-After'

/**
 * Requests without an `Origin` (curl, servers) pass: the origin check only keeps other sites' pages
 * from using the relay through their visitors' browsers. The relay's own pages (`publicOrigin`,
 * from PUBLIC_URL) are always allowed. Never the request's `Host`: a page on any site can make a
 * browser send a `Host` of its choosing through DNS rebinding.
 */
export function originPolicy(
  allowed: readonly string[],
  publicOrigin: string | null = null,
): MiddlewareHandler {
  const isAllowed = originMatcher(allowed)
  return async function originPolicy(c, next) {
    const origin = c.req.header('origin')
    if (origin === undefined) return next()
    if (origin.toLowerCase() !== publicOrigin && !isAllowed(origin)) {
      return jsonError(
        c,
        'forbidden_origin',
        `The origin ${origin} may not use this relay; add it to ALLOWED_ORIGINS.`,
      )
    }
    if (c.req.method === 'OPTIONS') {
      return c.body(null, 204, {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': ALLOW_METHODS,
        'Access-Control-Allow-Headers': ALLOW_HEADERS,
        'Access-Control-Max-Age': '600',
        Vary: 'Origin',
      })
    }
    c.header('Access-Control-Allow-Origin', origin)
    c.header('Access-Control-Expose-Headers', EXPOSE_HEADERS)
    c.header('Vary', 'Origin', { append: true })
    await next()
    if (!c.res.headers.has('Access-Control-Allow-Origin')) {
      // A handler returned a Response of its own, which does not carry the headers set above.
      c.res = new Response(c.res.body, c.res)
      c.res.headers.set('Access-Control-Allow-Origin', origin)
      c.res.headers.set('Access-Control-Expose-Headers', EXPOSE_HEADERS)
      c.res.headers.append('Vary', 'Origin')
    }
  }
}
