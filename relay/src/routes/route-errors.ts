/** The `onError` of the Dify-backed route modules: known failures become `{ error: { code, message } }`. */

import { ERROR_STATUS, errorBody } from '@parley/shared'
import type { Context, ErrorHandler } from 'hono'
import { DifyError } from '../dify/errors.ts'
import type { AppEnv } from '../types.ts'
import { RequestError } from '../validation/request-error.ts'

export const routeErrors: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof DifyError) c.get('meter')?.upstreamError(err.code)
  if (err instanceof DifyError || err instanceof RequestError) {
    return c.json(errorBody(err.code, err.message), ERROR_STATUS[err.code])
  }
  // Anything else is a relay fault: the app's own onError logs it and answers.
  throw err
}

/** Parses a JSON request body or refuses it with a clear 400. */
export async function readJson(req: { json: () => Promise<unknown> }): Promise<unknown> {
  try {
    return await req.json()
  } catch {
    throw new RequestError('bad_request', 'The request body must be JSON.')
  }
}

/** `bodyLimit` → the relay's 413 body. */
export function tooLarge(what: string) {
  return (c: Context) => c.json(errorBody('payload_too_large', `${what} is too large.`), 413)
}
