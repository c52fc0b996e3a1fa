import type { AppInput } from '@parley/shared'
import { describe, expect, it } from 'vitest'
import { validateInputs } from './inputs.ts'

const SETTINGS: AppInput[] = [
  { variable: 'settings', label: 'Settings', type: 'json_object', required: false },
]

const nested = (depth: number): Record<string, unknown> => {
  let value: Record<string, unknown> = { leaf: true }
  for (let i = 1; i < depth; i++) value = { a: [value] }
  return value
}

describe('validateInputs: json_object', () => {
  it('accepts an ordinary settings object', () => {
    expect(validateInputs({ settings: { theme: 'dark', n: [1, 2] } }, SETTINGS)).toEqual({
      settings: { theme: 'dark', n: [1, 2] },
    })
  })

  it('refuses nesting so deep it would overflow JSON.stringify on the way to Dify', () => {
    const deep = JSON.parse(`{"a":${'['.repeat(6000)}${']'.repeat(6000)}}`) as unknown
    expect(() => validateInputs({ settings: deep }, SETTINGS)).toThrow(/nests deeper than 64/)
    expect(() => validateInputs({ settings: nested(40) }, SETTINGS)).toThrow(/nests deeper/)
    expect(validateInputs({ settings: nested(20) }, SETTINGS).settings).toEqual(nested(20))
  })
})
