/**
 * The shape of `POST /api/forms/:token` (`FormSubmitRequest`), checked against the form's own
 * actions and fields from its sealed handle: Dify takes one answer per form, so a mistake is better
 * refused here than spent there.
 */
import type { FormSubmitRequest } from '@parley/shared'
import type { FormHandle } from '../dify/human-input.ts'
import { badRequest, RequestError } from './request-error.ts'

export function parseFormAnswer(
  body: unknown,
  handle: FormHandle,
  maxChars: number,
): FormSubmitRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('Send a JSON object: { action, inputs }.')
  }
  const { action, inputs = {} } = body as Partial<Record<keyof FormSubmitRequest, unknown>>
  if (typeof action !== 'string' || !handle.actions.includes(action)) {
    throw badRequest(`action must be one of the form's: ${handle.actions.join(', ')}.`)
  }
  if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
    throw badRequest('inputs must be an object of the form’s fields.')
  }
  const given = inputs as Record<string, unknown>
  const stranger = Object.keys(given).find((name) => !handle.fields.includes(name))
  if (stranger !== undefined) {
    throw badRequest(`Unknown field "${stranger.slice(0, 100)}": this form does not have it.`)
  }
  const answer: Record<string, string> = {}
  for (const name of handle.fields) {
    const value = given[name]
    if (typeof value !== 'string') throw badRequest(`Field "${name}" must be a string.`)
    // Dify strips NUL characters itself, as with a message.
    const text = value.replaceAll('\u0000', '')
    const length = [...text].length
    if (length > maxChars) {
      throw new RequestError(
        'payload_too_large',
        `Field "${name}" is too long: ${length} characters, the limit is ${maxChars}.`,
      )
    }
    answer[name] = text
  }
  return { action, inputs: answer }
}
