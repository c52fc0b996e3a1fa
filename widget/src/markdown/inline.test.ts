import { describe, expect, it } from 'vitest'
import { closeOpen, parseInline, safeHref } from './inline.ts'

describe('parseInline', () => {
  it('parses code, strong, em, links, bare URLs and line breaks', () => {
    expect(parseInline('a `x<y>` **b** *c* _d_ [e](https://e.com) https://f.com/x.\nz')).toEqual([
      'a ',
      { t: 'code', text: 'x<y>' },
      ' ',
      { t: 'strong', c: ['b'] },
      ' ',
      { t: 'em', c: ['c'] },
      ' ',
      { t: 'em', c: ['d'] },
      ' ',
      { t: 'a', href: 'https://e.com', c: ['e'] },
      ' ',
      { t: 'a', href: 'https://f.com/x', c: ['https://f.com/x'] },
      '.',
      { t: 'br' },
      'z',
    ])
  })

  it('leaves snake_case, escapes and lone markers alone', () => {
    expect(parseInline('snake_case_name 2 * 3 \\*no\\*')).toEqual([
      'snake_case_name 2 * 3 ',
      '*',
      'no',
      '*',
    ])
  })

  it('keeps only http(s) and mailto links', () => {
    expect(safeHref('mailto:a@b.c')).toBe('mailto:a@b.c')
    expect(safeHref(' HTTPS://x.y ')).toBe('HTTPS://x.y')
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:x',
      'data:text/html,x',
      'vbscript:x',
      '/relative',
      '//x.y',
    ])
      expect(safeHref(bad)).toBeNull()
    expect(parseInline('[click](javascript:alert(1))')).toEqual(['click', ')'])
  })

  it('closes markers left open by a streaming answer', () => {
    expect(closeOpen('so **bold')).toBe('so **bold**')
    expect(closeOpen('call `fn(')).toBe('call `fn(`')
    expect(closeOpen('2 * 3')).toBe('2 * 3')
    expect(parseInline('so **bol', true)).toEqual(['so ', { t: 'strong', c: ['bol'] }])
  })
})
