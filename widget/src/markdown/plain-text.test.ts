import { describe, expect, it } from 'vitest'
import { mathSyntax } from './math-syntax.ts'
import { createParser } from './parse.ts'
import { plainText } from './plain-text.ts'

describe('plainText', () => {
  it('drops markdown marks', () => {
    expect(plainText('# Title\n\nSome **bold** and *em* and `code` ~~old~~.')).toBe(
      'Title\nSome bold and em and code old.',
    )
  })

  it('keeps link text and drops URLs', () => {
    expect(plainText('See [the docs](https://example.com/docs "Docs") now.')).toBe(
      'See the docs now.',
    )
  })

  it('drops the thinking', () => {
    expect(plainText('<think>secret reasoning</think>\n\nThe answer.')).toBe('The answer.')
    expect(plainText('<think>unfinished')).toBe('')
  })

  it('reads TeX without its delimiters with the math syntax, and as written without it', () => {
    const md = 'Area $\\pi r^2$ and \\(x\\).\n\n$$\ny = 1\n$$'
    expect(plainText(md, undefined, createParser(mathSyntax))).toBe('Area \\pi r^2 and x.\ny = 1')
    expect(plainText(md)).toBe('Area $\\pi r^2$ and (x).\n$$\ny = 1\n$$')
  })

  it('puts list items, table rows and code on lines of their own', () => {
    expect(plainText('- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```')).toBe(
      'one\ntwo\na b\n1 2\ncode',
    )
  })

  it('uses alt text for images and keeps raw HTML as the text it shows', () => {
    expect(plainText('![a cat](https://x.example/cat.png) <b>hi</b>')).toBe('a cat <b>hi</b>')
  })

  it('reads only the first `max` characters of a long answer, and says it stopped', () => {
    const long = `**Start** here. ${'word '.repeat(2000)}`
    const text = plainText(long, 100)
    expect(text.startsWith('Start here.')).toBe(true)
    expect(text.endsWith('…')).toBe(true)
    expect(text.length).toBeLessThanOrEqual(101)
    expect(plainText('short **one**', 100)).toBe('short one')
  })
})
