/**
 * hono's `bodyLimit`, deciding from the headers first. hono's reads `c.req.raw.body` before looking
 * at `Content-Length`, which on @hono/node-server builds a full Request around the socket (a web
 * stream and all) and so takes away the adapter's direct read of the body in `c.req.json()`. A
 * request that declares its length (without `Transfer-Encoding`) is judged by it exactly as hono
 * judges it; every other request goes through hono's `bodyLimit` itself, which counts the bytes.
 */
import type { MiddlewareHandler } from 'hono'
import { bodyLimit as honoBodyLimit } from 'hono/body-limit'

type BodyLimitOptions = Parameters<typeof honoBodyLimit>[0]

export function bodyLimit(options: BodyLimitOptions): MiddlewareHandler {
  const counting = honoBodyLimit(options)
  return async function bodyLimit(c, next) {
    // Requests of these methods have no body; hono's limit lets them through too.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    const length = c.req.header('content-length')
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) {
      return counting(c, next)
    }
    // Over the limit, hono's own answers (it refuses on the same header, with `onError`).
    if (Number.parseInt(length || '0', 10) > options.maxSize) return counting(c, next)
    return next()
  }
}
