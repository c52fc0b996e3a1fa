/** Dify's HTTP conventions: the `{code, message, status}` error body, Bearer auth, and where `user` is read. */
import type { Context } from 'hono'
import { isUuid } from './state.ts'

/** A Dify HTTP error; thrown anywhere in a route and rendered by `errorResponse`. */
export class DifyError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export function errorResponse(error: DifyError): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  // Dify's 401 handler adds the challenge, as flask-restx does for every Unauthorized.
  if (error.status === 401) headers['www-authenticate'] = 'Bearer realm="api"'
  const body = { code: error.code, message: error.message, status: error.status }
  return new Response(JSON.stringify(body), { status: error.status, headers })
}

export const notFound = (message: string) => new DifyError(404, 'not_found', message)
export const invalidParam = (message: string) => new DifyError(400, 'invalid_param', message)

export const ROUTE_NOT_FOUND =
  'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.'

/** `validate_and_get_api_token`: split on the first whitespace, scheme matched case-insensitively. */
export function checkApiKey(header: string | undefined, apiKey: string | null): void {
  if (apiKey === null) return
  const match = header?.match(/^(\S+)\s+(.*)$/)
  if (!header || !match) {
    throw new DifyError(
      401,
      'unauthorized',
      "Authorization header must be provided and start with 'Bearer'",
    )
  }
  if (match[1]?.toLowerCase() !== 'bearer') {
    throw new DifyError(401, 'unauthorized', "Authorization scheme must be 'Bearer'")
  }
  if (match[2]?.trim() !== apiKey)
    throw new DifyError(401, 'unauthorized', 'Access token is invalid')
}

export type JsonObject = Record<string, unknown>

/** Werkzeug's `request.get_json()`: 415 without a JSON content type, 400 for bad or empty JSON. */
export async function readJson(c: Context): Promise<JsonObject> {
  const type = c.req.header('content-type') ?? ''
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new DifyError(
      415,
      'unsupported_media_type',
      "Did not attempt to load JSON data because the request Content-Type was not 'application/json'.",
    )
  }
  let body: unknown
  try {
    body = JSON.parse(await c.req.text())
  } catch {
    throw new DifyError(
      400,
      'bad_request',
      'Invalid JSON payload received or JSON payload is empty.',
    )
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidParam('Invalid JSON payload: expected an object.')
  }
  return body as JsonObject
}

export const DEFAULT_USER = 'DEFAULT-USER'

/** The `user` of a request, from wherever that endpoint reads it (see dify-api.md §2). */
export function userFrom(value: unknown, required: boolean): string {
  const user = typeof value === 'string' ? value : ''
  if (user) return user
  if (required) throw invalidParam('Arg user must be provided.')
  return DEFAULT_USER
}

/** Werkzeug's `<uuid:…>` converter: a path id that is not a UUID matches no route at all. */
export function pathUuid(value: string): string {
  if (!isUuid(value)) throw notFound(ROUTE_NOT_FOUND)
  return value.toLowerCase()
}

/** A Pydantic-style message, as Dify's ValueError handler passes `str(ValidationError)` through. */
export function validationMessage(model: string, field: string, detail: string): string {
  return `1 validation error for ${model}\n${field}\n  ${detail}`
}

/** A list's `limit` query (`int`, 1–100, default 20), refused as `model`'s Pydantic validation would. */
export function queryLimit(raw: string | undefined, model: string): number {
  if (raw === undefined) return 20
  const limit = Number(raw)
  const refuse = (detail: string) => invalidParam(validationMessage(model, 'limit', detail))
  if (!Number.isInteger(limit)) throw refuse('Input should be a valid integer [type=int_parsing]')
  if (limit < 1) {
    throw refuse('Input should be greater than or equal to 1 [type=greater_than_equal]')
  }
  if (limit > 100) throw refuse('Input should be less than or equal to 100 [type=less_than_equal]')
  return limit
}
