import { describe, expect, it } from 'vitest'
import { decodeVlq, SourceMap } from './sourcemap.ts'

describe('source maps', () => {
  it('decodes Base64 VLQ', () => {
    expect(decodeVlq('AAgBC')).toEqual([0, 0, 16, 1])
    expect(decodeVlq('D2H')).toEqual([-1, 123])
  })

  it('finds the original position of a generated line and column', () => {
    const map = new SourceMap({
      sources: ['a.ts', 'b.ts'],
      names: ['foo'],
      mappings: 'AAAA,EAAE;ACAAA',
    })
    expect(map.lookup(0, 1)).toEqual({ source: 'a.ts', line: 0, column: 0, name: null })
    expect(map.lookup(0, 3)).toEqual({ source: 'a.ts', line: 0, column: 2, name: null })
    // Source, line and column carry over from line to line; the generated column does not.
    expect(map.lookup(1, 5)).toEqual({ source: 'b.ts', line: 0, column: 2, name: 'foo' })
    expect(map.lookup(7, 0)).toBeNull()
  })
})
