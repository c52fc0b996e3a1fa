/** The shape of `POST /api/chat`; inputs and files are checked against the app in inputs.ts / files.ts. */
import { isUuid } from './ids.ts'
import { badRequest, RequestError } from './request-error.ts'

export interface ChatBody {
  query: string
  conversationId: string | undefined
  inputs: unknown
  files: unknown
}

export function parseChatBody(body: unknown, maxQueryChars: number): ChatBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('Send a JSON object: { query, conversationId?, inputs?, files? }.')
  }
  const b = body as Record<string, unknown>
  // Dify strips NUL characters itself; doing it first keeps the emptiness check honest.
  const query = typeof b.query === 'string' ? b.query.replaceAll('\u0000', '') : null
  if (query === null || query.trim() === '') throw badRequest('query must be a non-empty string.')
  const length = [...query].length
  if (length > maxQueryChars) {
    throw new RequestError(
      'payload_too_large',
      `The message is too long: ${length} characters, the limit is ${maxQueryChars}.`,
    )
  }
  const id = b.conversationId
  if (id !== undefined && id !== null && id !== '' && !isUuid(id)) {
    throw badRequest('conversationId must be a conversation id (a UUID) or left out.')
  }
  return {
    query,
    conversationId: isUuid(id) ? id.toLowerCase() : undefined,
    inputs: b.inputs,
    files: b.files,
  }
}
