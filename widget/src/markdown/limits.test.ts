import { describe, expect, it } from 'vitest'
import { MAX_MARKDOWN, prepare } from './limits.ts'

describe('prepare', () => {
  it('passes ordinary markdown through', () => {
    const text = '> quote\n\n- a\n  - b\n\n1. one'
    expect(prepare(text)).toEqual({ markdown: text, rest: '' })
  })

  it('keeps 32 container markers of a deeper line', () => {
    const { markdown } = prepare(`${'>'.repeat(1000)} deep\n${'- '.repeat(40)}x\n> > ok`)
    expect(markdown).toBe(`${'>'.repeat(32)} deep\n${'- '.repeat(31)}- x\n> > ok`)
  })

  it('shows what is beyond the limit as text, cut at a line end', () => {
    const line = 'Some *markdown* line.\n'
    const text = line.repeat(Math.ceil((MAX_MARKDOWN * 2) / line.length))
    const { markdown, rest } = prepare(text)
    expect(markdown.length).toBeLessThanOrEqual(MAX_MARKDOWN)
    expect(markdown.endsWith('\n')).toBe(true)
    expect(markdown + rest).toBe(text)
  })

  it('keeps a growing text growing by appends', () => {
    const line = 'word '.repeat(30)
    let previous = prepare('').markdown
    for (let size = 1000; size < MAX_MARKDOWN * 1.5; size += 997) {
      const { markdown } = prepare(`${'>'.repeat(40)}${line.repeat(size / line.length)}`)
      expect(markdown.startsWith(previous)).toBe(true)
      previous = markdown
    }
  })
})
