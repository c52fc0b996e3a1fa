/**
 * Error codes the relay answers with and the widget understands, with their HTTP status.
 *
 * @example
 * { "error": { "code": "rate_limited", "message": "Too many messages. Try again in 12 s." } }
 */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  /** The host's user token is missing its signature, expired, or not for this app (design.md "Identity"). */
  identity_invalid: 401,
  /** The app serves signed-in users only (REQUIRE_IDENTITY). */
  identity_required: 401,
  forbidden_origin: 403,
  not_found: 404,
  /** A human-input form that was answered already (Dify takes one answer). */
  form_answered: 409,
  /** A human-input form past its deadline. */
  form_expired: 410,
  payload_too_large: 413,
  /** A file of a kind the route does not take (e.g. voice input that is not wav, mp3, m4a or amr). */
  unsupported_media_type: 415,
  rate_limited: 429,
  upstream_error: 502,
  upstream_unavailable: 503,
  upstream_timeout: 504,
} as const

export type ErrorCode = keyof typeof ERROR_STATUS

export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode]

/**
 * The body of every error response: `{ error: { code, message } }`, and with `rate_limited`
 * `limit: "app-daily"` when it is the app's daily limit (DAILY_LIMIT_APP) that refused: everyone
 * is refused until midnight, not just this visitor.
 */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; limit?: 'app-daily' }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value)
}

export function errorBody(code: ErrorCode, message: string, limit?: 'app-daily'): ErrorBody {
  return { error: limit ? { code, message, limit } : { code, message } }
}

/** Codes worth retrying as they are: the same request may succeed later. */
export const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set([
  'rate_limited',
  'upstream_error',
  'upstream_unavailable',
  'upstream_timeout',
])
