/** The JSON error shape for every failure: helpers, the 404 handler and the last-resort error handler. */
import { ERROR_STATUS, type ErrorCode, errorBody } from '@parley/shared'
import type { Context, ErrorHandler, NotFoundHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { Logger } from '../logger.ts'

/** A `{ error: { code, message } }` response with the status that belongs to `code`. */
export function jsonError(
  c: Context,
  code: ErrorCode,
  message: string,
  headers?: Record<string, string>,
): Response {
  return c.json(errorBody(code, message), ERROR_STATUS[code], headers)
}

export const notFound: NotFoundHandler = (c) =>
  jsonError(c, 'not_found', `No route for ${c.req.method} ${c.req.path}.`)

/** The general code of each status (the first listed: 401 is `unauthorized`, not an identity one). */
const CODE_BY_STATUS = new Map<number, ErrorCode>(
  Object.entries(ERROR_STATUS)
    .reverse()
    .map(([code, status]) => [status, code as ErrorCode]),
)

/**
 * Last resort for thrown errors. Deliberate `HTTPException`s keep their status and message; anything
 * else becomes a generic 502 whose log line holds only the error's name, since messages of unexpected
 * errors can carry upstream bodies, URLs or secrets.
 */
export function errorHandler(log: Logger): ErrorHandler {
  return function errorHandler(err, c) {
    if (err instanceof HTTPException && err.status < 500) {
      const code = CODE_BY_STATUS.get(err.status) ?? 'bad_request'
      return c.json(errorBody(code, err.message || 'Bad request.'), err.status)
    }
    log.error('unhandled error', { name: err.name, method: c.req.method, path: c.req.path })
    return jsonError(c, 'upstream_error', 'The relay hit an unexpected error. Please try again.')
  }
}
