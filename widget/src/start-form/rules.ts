/**
 * The app's rules for a start-form value, as the relay checks them again (relay/src/validation/
 * inputs.ts): required, max length, one of the options, a finite number, a JSON object, the number
 * of files. Returns the value to send, or the problem.
 */
import type { AppInput } from '@parley/shared'

export type Problem =
  | { kind: 'required' }
  | { kind: 'tooLong'; max: number }
  | { kind: 'notOption' }
  | { kind: 'notNumber' }
  | { kind: 'notJson' }
  | { kind: 'tooManyFiles'; max: number }

export type Checked = { ok: true; value: unknown } | { ok: false; problem: Problem }

/** A field left empty: sent as nothing. */
export const EMPTY: Checked = { ok: true, value: undefined }

const isBlank = (raw: unknown) =>
  raw === undefined ||
  raw === null ||
  (typeof raw === 'string' && raw.trim() === '') ||
  (Array.isArray(raw) && raw.length === 0)

/** `raw` is what the field holds: a string, a boolean (checkbox), or uploaded files. */
export function check(input: AppInput, raw: unknown): Checked {
  if (input.type === 'checkbox') return { ok: true, value: raw === true }
  if (isBlank(raw)) return input.required ? { ok: false, problem: { kind: 'required' } } : EMPTY
  const max = input.maxLength
  switch (input.type) {
    case 'text-input':
    case 'paragraph': {
      const text = String(raw)
      if (max !== undefined && [...text].length > max) {
        return { ok: false, problem: { kind: 'tooLong', max } }
      }
      return { ok: true, value: text }
    }
    case 'select':
      return (input.options ?? []).includes(String(raw))
        ? { ok: true, value: String(raw) }
        : { ok: false, problem: { kind: 'notOption' } }
    case 'number': {
      const n = Number(String(raw).trim())
      return Number.isFinite(n)
        ? { ok: true, value: n }
        : { ok: false, problem: { kind: 'notNumber' } }
    }
    case 'json_object': {
      try {
        const value: unknown = JSON.parse(String(raw))
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
          return { ok: true, value }
        }
      } catch {}
      return { ok: false, problem: { kind: 'notJson' } }
    }
    case 'file':
      return { ok: true, value: Array.isArray(raw) ? raw[0] : raw }
    case 'file-list': {
      const files = Array.isArray(raw) ? raw : [raw]
      if (max !== undefined && files.length > max) {
        return { ok: false, problem: { kind: 'tooManyFiles', max } }
      }
      return { ok: true, value: files }
    }
  }
}

/** The values to send and the problems, field by field, of what a form holds. */
export function collect(inputs: AppInput[], raw: Record<string, unknown>) {
  const values: Record<string, unknown> = {}
  const problems: Record<string, Problem> = {}
  for (const input of inputs) {
    const result = check(input, raw[input.variable])
    if (!result.ok) problems[input.variable] = result.problem
    else if (result.value !== undefined) values[input.variable] = result.value
  }
  return { values, problems }
}
