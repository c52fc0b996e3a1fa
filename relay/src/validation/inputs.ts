/**
 * Chat `inputs` against the app's declared `user_input_form`. Dify silently drops undeclared keys;
 * the relay refuses them so a typo in `data-inputs` is seen, and checks types before Dify does.
 */
import type { AppInput } from '@parley/shared'
import type { DifyInputValue } from '../dify/types.ts'
import { toDifyFile } from './files.ts'
import { badRequest } from './request-error.ts'

// Deeper JSON than this is no settings object; far deeper would overflow JSON.stringify on the way to Dify.
const MAX_JSON_DEPTH = 64

/** Whether `value` nests at most `max` levels of objects and arrays (checked without recursion). */
function nestsWithin(value: unknown, max: number): boolean {
  let level: unknown[] = [value]
  for (let depth = 0; level.length > 0; depth++) {
    if (depth > max) return false
    const next: unknown[] = []
    for (const item of level) {
      if (typeof item === 'object' && item !== null)
        for (const v of Object.values(item)) next.push(v)
    }
    level = next
  }
  return true
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === ''
}

export function validateInputs(
  value: unknown,
  declared: AppInput[],
): Record<string, DifyInputValue> {
  if (value === undefined || value === null) value = {}
  if (typeof value !== 'object' || Array.isArray(value))
    throw badRequest('inputs must be an object.')
  const given = value as Record<string, unknown>
  const byName = new Map(declared.map((input) => [input.variable, input]))
  for (const key of Object.keys(given)) {
    if (!byName.has(key)) throw badRequest(`Unknown input "${key}": this app does not declare it.`)
  }
  const out: Record<string, DifyInputValue> = {}
  for (const input of declared) {
    const raw = given[input.variable]
    if (isEmpty(raw) || (Array.isArray(raw) && raw.length === 0)) {
      if (input.required)
        throw badRequest(`Input "${input.variable}" (${input.label}) is required.`)
      continue
    }
    out[input.variable] = checkInput(input, raw)
  }
  return out
}

function checkInput(input: AppInput, raw: unknown): DifyInputValue {
  const name = `Input "${input.variable}"`
  switch (input.type) {
    case 'text-input':
    case 'paragraph': {
      if (typeof raw !== 'string') throw badRequest(`${name} must be a string.`)
      if (input.maxLength !== undefined && raw.length > input.maxLength) {
        throw badRequest(`${name} is longer than ${input.maxLength} characters.`)
      }
      return raw
    }
    case 'select': {
      if (typeof raw !== 'string' || !(input.options ?? []).includes(raw)) {
        throw badRequest(`${name} must be one of: ${(input.options ?? []).join(', ')}.`)
      }
      return raw
    }
    case 'number': {
      const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw
      if (typeof n !== 'number' || !Number.isFinite(n))
        throw badRequest(`${name} must be a number.`)
      return n
    }
    case 'checkbox': {
      if (typeof raw !== 'boolean') throw badRequest(`${name} must be true or false.`)
      return raw
    }
    case 'json_object': {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        throw badRequest(`${name} must be a JSON object.`)
      }
      if (!nestsWithin(raw, MAX_JSON_DEPTH)) {
        throw badRequest(`${name} nests deeper than ${MAX_JSON_DEPTH} levels.`)
      }
      return raw as Record<string, unknown>
    }
    case 'file':
      return toDifyFile(raw, name)
    case 'file-list': {
      if (!Array.isArray(raw)) throw badRequest(`${name} must be a list of files.`)
      if (input.maxLength !== undefined && raw.length > input.maxLength) {
        throw badRequest(`${name} takes at most ${input.maxLength} files.`)
      }
      return raw.map((item, i) => toDifyFile(item, `${name}[${i}]`))
    }
  }
}
