/** A request the relay refuses before calling Dify; the message names what to fix. */
import type { ErrorCode } from '@parley/shared'

export class RequestError extends Error {
  override readonly name = 'RequestError'
  readonly code: ErrorCode

  constructor(code: ErrorCode, message: string) {
    super(message)
    this.code = code
  }
}

export function badRequest(message: string): RequestError {
  return new RequestError('bad_request', message)
}
