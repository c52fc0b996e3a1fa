import { describe, expect, it } from 'vitest'
import { mayHaveMath } from './math.ts'

describe('mayHaveMath', () => {
  it.each([
    'The area is $\\pi r^2$.',
    '$$\n\\int_0^1 x\\,dx\n$$',
    'Inline \\(a+b\\) too',
    'Display \\[a+b\\]',
    'A formula over a soft break: $a +\nb$ ends here',
    'After code `x` comes $x^2$',
    'After a fence:\n\n```sh\necho "$HOME"\n```\n\nthe energy is $E = mc^2$.',
  ])('finds math in %j', (text) => {
    expect(mayHaveMath(text)).toBe(true)
  })

  it.each([
    'Boots cost $5 and $10.',
    'No math here at all.',
    // A pair of single dollars never spans paragraphs.
    'It costs $(a lot).\n\nAnd then she said$.',
    // Shell in fenced code, closed or still streaming, and in code spans.
    '```sh\nexport SESSION_SECRET="$(openssl rand -hex 32)"\necho "$HOME/$USER"\n```',
    '1. Set it:\n\n   ```sh\n   export S="$(openssl rand -hex 32)"\n   cp "$A/$B" .',
    '~~~\n$a$ and $$\n~~~',
    'Run `echo "$HOME/$USER"` first.',
  ])('finds none in %j', (text) => {
    expect(mayHaveMath(text)).toBe(false)
  })

  it('stays fast on a megabyte of dollars', () => {
    const text = '$a '.repeat(350_000)
    const start = performance.now()
    expect(mayHaveMath(text)).toBe(false)
    expect(performance.now() - start).toBeLessThan(1000)
  })
})
