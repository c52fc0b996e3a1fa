import type { Nodes } from 'mdast'
import { describe, expect, it } from 'vitest'
import { mathSyntax } from './math-syntax.ts'
import { createParser } from './parse.ts'
import { walk } from './walk.ts'

const parseWithMath = createParser(mathSyntax)

/** The TeX found in `md`, `$…$` for inline and `$$…$$` for display. */
function tex(md: string): string[] {
  const found: string[] = []
  walk(parseWithMath(md), (n: Nodes) => {
    if (n.type === 'tex') found.push(n.display ? `$$${n.value}$$` : `$${n.value}$`)
    if (n.type === 'math') found.push(`block:${n.value}`)
  })
  return found
}

describe('TeX syntax', () => {
  it('reads $…$ and $$…$$ in text', () => {
    expect(tex('Energy $E = mc^2$ and $$\\sum_i x_i$$.')).toEqual(['$E = mc^2$', '$$\\sum_i x_i$$'])
  })

  it('reads \\(…\\) and \\[…\\]', () => {
    expect(tex('Inline \\(a+b\\) and display \\[ \\frac{1}{2} \\]')).toEqual([
      '$a+b$',
      '$$ \\frac{1}{2} $$',
    ])
    expect(tex('\\[\nx = 1\n\\]')).toEqual(['$$\nx = 1\n$$'])
  })

  it('reads a $$ block', () => {
    expect(tex('$$\n\\int_0^1 x\\,dx\n$$')).toEqual(['block:\\int_0^1 x\\,dx'])
  })

  it('keeps prices as text', () => {
    for (const md of [
      'It costs $5 and $10.',
      'From $5 to $10',
      '$5-$10',
      'Pay $ 5 or $ 10',
      'US$5, US$6',
    ]) {
      expect(tex(md), md).toEqual([])
    }
  })

  it('follows Pandoc: no space inside the dollars, no digit after the closing one', () => {
    expect(tex('$ x$ and $x $')).toEqual([])
    expect(tex('$x$5')).toEqual([])
    expect(tex('$x$, $y$.')).toEqual(['$x$', '$y$'])
  })

  it('keeps an escaped dollar inside TeX', () => {
    expect(tex('$\\$5 + x$')).toEqual(['$\\$5 + x$'])
  })

  it('leaves code spans and code blocks alone', () => {
    expect(tex('`$x$` and `\\(y\\)`')).toEqual([])
    expect(tex('```\n$x$ \\(y\\) \\[z\\]\n```')).toEqual([])
    expect(tex('    $x$')).toEqual([])
  })

  it('leaves markdown escapes alone', () => {
    expect(tex('\\[not math\\]')).toEqual(['$$not math$$'])
    expect(tex('\\[\\]')).toEqual([])
    expect(tex('\\(\\\\\\)')).toEqual([])
    expect(tex('\\$5 and \\$6')).toEqual([])
  })

  it('needs the closing delimiter (streaming shows text until it arrives)', () => {
    expect(tex('$x + y')).toEqual([])
    expect(tex('\\(x + y')).toEqual([])
  })
})
