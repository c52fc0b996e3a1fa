/** Dify failures as relay error codes: what the widget may see, never the key or a raw upstream body. */
import type { ErrorCode } from '@parley/shared'
import { RETRYABLE_CODES } from '@parley/shared'
import { readTextCapped } from '../read-body.ts'
import { BODY_LIMITS } from './limits.ts'

/** A Dify call failed; `code` is the relay's, `message` is safe to show a visitor. */
export class DifyError extends Error {
  override readonly name = 'DifyError'
  readonly code: ErrorCode
  readonly retryable: boolean
  /** Dify's own `code` (e.g. `invalid_param`) when it sent one; for logs and tests. */
  readonly difyCode: string | undefined
  /** Why the relay gave up, for its log (a limit passed, a misconfiguration); never shown. */
  readonly reason: string | undefined

  constructor(
    code: ErrorCode,
    message: string,
    options: { retryable?: boolean; difyCode?: string; reason?: string } = {},
  ) {
    super(message)
    this.code = code
    this.retryable = options.retryable ?? RETRYABLE_CODES.has(code)
    this.difyCode = options.difyCode
    this.reason = options.reason
  }
}

// App or model misconfiguration: retrying the same message will not help.
const CONFIG_CODES = new Set([
  'app_unavailable',
  'not_chat_app',
  'provider_not_initialize',
  'provider_quota_exceeded',
  'model_currently_not_support',
])

const MESSAGES = {
  auth: 'The relay could not authenticate with Dify. Check its API key and that the app’s API is enabled.',
  busy: 'The assistant is busy right now. Please try again in a moment.',
  unavailable: 'The assistant is unavailable right now. Please try again later.',
  failed: 'The assistant failed to answer. Please try again.',
  timeout: 'The assistant took too long to answer. Please try again.',
} as const

/**
 * Maps a Dify error (HTTP status + parsed body, or an in-stream `error` frame's status/code/message).
 * `body` is whatever JSON came back, or undefined when it was not JSON (an HTML proxy page).
 */
export function mapDifyError(status: number, body: unknown): DifyError {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
  const difyCode = typeof fields.code === 'string' ? fields.code : undefined
  const raw = typeof fields.message === 'string' ? fields.message : undefined
  const safe = safeMessage(raw)
  const opts = difyCode === undefined ? {} : { difyCode }

  // The per-app concurrency limit arrives as 429 or as 400 invalid_param; only its text tells.
  if (
    status === 429 ||
    difyCode === 'rate_limit_error' ||
    difyCode === 'too_many_requests' ||
    raw?.trimStart().toLowerCase().startsWith('too many requests')
  ) {
    return new DifyError('rate_limited', MESSAGES.busy, opts)
  }
  // The key (or the app behind it) is wrong, not the visitor: never a 401 to the widget.
  if (status === 401 || status === 403) {
    return new DifyError('upstream_error', MESSAGES.auth, { ...opts, retryable: false })
  }
  // Human-input forms (dify-api.md Part 2 §D.2): one answer each, and a deadline.
  if (difyCode === 'human_input_form_submitted') {
    return new DifyError('form_answered', 'This form has already been answered.', opts)
  }
  if (difyCode === 'human_input_form_expired') {
    return new DifyError('form_expired', 'This form has expired.', opts)
  }
  if (status === 404) return new DifyError('not_found', safe ?? 'Not found.', opts)
  if (status === 413)
    return new DifyError('payload_too_large', safe ?? 'The file is too large.', opts)
  if (status === 408 || status === 504 || status === 524) {
    return new DifyError('upstream_timeout', MESSAGES.timeout, opts)
  }
  if (status === 502 || status === 503) {
    return new DifyError('upstream_unavailable', MESSAGES.unavailable, opts)
  }
  if (status >= 500) return new DifyError('upstream_error', MESSAGES.failed, opts)
  if (difyCode !== undefined && CONFIG_CODES.has(difyCode)) {
    return new DifyError('upstream_error', safe ?? MESSAGES.failed, { ...opts, retryable: false })
  }
  if (difyCode === 'completion_request_error') {
    return new DifyError('upstream_error', safe ?? MESSAGES.failed, { ...opts, retryable: true })
  }
  if (status >= 400 && status < 500) {
    return new DifyError('bad_request', safe ?? 'Dify rejected the request.', opts)
  }
  return new DifyError('upstream_error', MESSAGES.failed, opts)
}

/** A fetch that never got a response: refused, reset, DNS, or our own timeout abort. */
export function networkError(timedOut: boolean): DifyError {
  return timedOut
    ? new DifyError('upstream_timeout', MESSAGES.timeout)
    : new DifyError('upstream_unavailable', MESSAGES.unavailable)
}

export function timeoutError(reason?: string): DifyError {
  return new DifyError('upstream_timeout', MESSAGES.timeout, reason ? { reason } : {})
}

/** An answer past one of UPSTREAM_LIMITS; `reason` names which. */
export function tooLargeError(reason: string): DifyError {
  return new DifyError('upstream_error', 'The assistant sent an answer too large to show.', {
    reason,
  })
}

/**
 * Reads a failed response into a DifyError. Only a JSON body is read, at most BODY_LIMITS.small of
 * it, with the key redacted before anything looks at it; HTML error pages are never looked at.
 */
export async function errorFromResponse(
  res: Response,
  redact: (text: string) => string,
): Promise<DifyError> {
  let body: unknown
  if ((res.headers.get('content-type') ?? '').includes('json')) {
    try {
      body = JSON.parse(redact(await readTextCapped(res, BODY_LIMITS.small)))
    } catch {
      body = undefined
    }
  } else {
    await res.body?.cancel().catch(() => undefined)
  }
  return mapDifyError(res.status, body)
}

const MAX_MESSAGE = 200

/**
 * A Dify-provided text made fit to show: first line only (Pydantic errors run over many lines),
 * no HTML, anything key-like redacted, length-capped. Null when nothing safe is left.
 */
export function safeMessage(text: unknown, max = MAX_MESSAGE): string | null {
  if (typeof text !== 'string' || /<\/?[a-z!][^>]*>/i.test(text)) return null
  const line = (text.split('\n')[0] ?? '')
    .replace(/\b(?:app|sk|dataset|key)-[A-Za-z0-9_-]{6,}/g, '[redacted]')
    .replace(/\bBearer\s+\S+/gi, 'Bearer [redacted]')
    .replace(/\s+/g, ' ')
    .trim()
  if (line === '') return null
  return line.length > max ? `${line.slice(0, max - 1)}…` : line
}
