import { describe, expect, it } from 'vitest'
import { pickOutputs } from './workflow-outputs.ts'

describe('pickOutputs', () => {
  it('keeps only the listed outputs, each as text', () => {
    const outputs = { result: 'Hi', n: 2, ok: false, list: [1, 'a'], none: null, other: 'secret' }
    expect(pickOutputs(outputs, ['result', 'n', 'ok', 'list', 'none', 'missing'])).toEqual({
      result: 'Hi',
      n: '2',
      ok: 'false',
      list: '[1,"a"]',
      none: 'null',
    })
  })

  it('ignores outputs that are not an object, and inherited names', () => {
    expect(pickOutputs(null, ['result'])).toEqual({})
    expect(pickOutputs(['a'], ['0'])).toEqual({})
    expect(pickOutputs({}, ['toString', '__proto__'])).toEqual({})
  })

  it('cuts the outputs at the limit, never inside a surrogate pair', () => {
    expect(pickOutputs({ a: 'abcd', b: 'efgh' }, ['a', 'b'], 6)).toEqual({ a: 'abcd', b: 'ef' })
    expect(pickOutputs({ a: 'ab😀' }, ['a'], 3)).toEqual({ a: 'ab' })
  })
})
