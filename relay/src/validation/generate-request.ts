/** The shape of `POST /api/completion` and `POST /api/workflow`; inputs and files are checked against the app in inputs.ts / files.ts. */
import { badRequest } from './request-error.ts'

export interface GenerateBody {
  inputs: unknown
  files: unknown
}

export function parseGenerateBody(body: unknown): GenerateBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('Send a JSON object: { inputs, files? }.')
  }
  const { inputs, files, ...rest } = body as Record<string, unknown>
  // A chat's fields here mean the widget took the app for a chat: say so rather than drop them.
  const unknown = Object.keys(rest)[0]
  if (unknown !== undefined)
    throw badRequest(`Unknown field "${unknown}": send { inputs, files? }.`)
  return { inputs, files }
}
