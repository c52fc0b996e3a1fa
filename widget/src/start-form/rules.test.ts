import type { AppInput } from '@parley/shared'
import { describe, expect, it } from 'vitest'
import { check } from './rules.ts'

const input = (over: Partial<AppInput>): AppInput => ({
  variable: 'v',
  label: 'V',
  type: 'text-input',
  required: false,
  ...over,
})

describe('start-form rules', () => {
  it('asks for required fields, sends nothing for empty optional ones', () => {
    expect(check(input({ required: true }), '  ')).toEqual({
      ok: false,
      problem: { kind: 'required' },
    })
    expect(check(input({}), '')).toEqual({ ok: true, value: undefined })
    expect(check(input({ type: 'file-list', required: true }), [])).toMatchObject({ ok: false })
  })

  it('counts characters (not UTF-16 units) against the max length', () => {
    const short = input({ maxLength: 3 })
    expect(check(short, '😀😀😀')).toEqual({ ok: true, value: '😀😀😀' })
    expect(check(short, 'abcd')).toEqual({ ok: false, problem: { kind: 'tooLong', max: 3 } })
  })

  it('takes only a listed option, a finite number, a JSON object', () => {
    const select = input({ type: 'select', options: ['Basic', 'Pro'] })
    expect(check(select, 'Pro')).toEqual({ ok: true, value: 'Pro' })
    expect(check(select, 'Gold')).toMatchObject({ ok: false, problem: { kind: 'notOption' } })
    const number = input({ type: 'number' })
    expect(check(number, ' 4.5 ')).toEqual({ ok: true, value: 4.5 })
    for (const bad of ['4,5', 'Infinity', '1e999', 'x']) {
      expect(check(number, bad)).toMatchObject({ ok: false, problem: { kind: 'notNumber' } })
    }
    const json = input({ type: 'json_object' })
    expect(check(json, '{"a":1}')).toEqual({ ok: true, value: { a: 1 } })
    for (const bad of ['[1]', 'null', '{', '"x"']) {
      expect(check(json, bad)).toMatchObject({ ok: false, problem: { kind: 'notJson' } })
    }
  })

  it('sends a checkbox as true or false, so a required one is always answered', () => {
    const box = input({ type: 'checkbox', required: true })
    expect(check(box, undefined)).toEqual({ ok: true, value: false })
    expect(check(box, true)).toEqual({ ok: true, value: true })
  })

  it('limits the number of files of a file list', () => {
    const file = { type: 'image', transferMethod: 'local_file', uploadFileId: 'f1' }
    const list = input({ type: 'file-list', maxLength: 1 })
    expect(check(list, [file])).toEqual({ ok: true, value: [file] })
    expect(check(list, [file, file])).toEqual({
      ok: false,
      problem: { kind: 'tooManyFiles', max: 1 },
    })
    expect(check(input({ type: 'file' }), [file])).toEqual({ ok: true, value: file })
  })
})
