import { act, cleanup, render as renderBare } from '@testing-library/preact'
import type { ComponentChildren, VNode } from 'preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { en } from '../i18n/en.ts'
import type { MathRenderer } from '../markdown/math.ts'
import { mathSyntax } from '../markdown/math-syntax.ts'
import { parseMarkdown } from '../markdown/parse.ts'
import { Markdown } from './Markdown.tsx'
import { type Widget, WidgetContext } from './widget-context.ts'

vi.mock('../markdown/parse.ts', async (original) => {
  const actual = await original<typeof import('../markdown/parse.ts')>()
  return { ...actual, parseMarkdown: vi.fn(actual.parseMarkdown) }
})

const widget = { view: { t: en } } as Widget
const wrapper = ({ children }: { children?: ComponentChildren }) => (
  <WidgetContext.Provider value={widget}>{children}</WidgetContext.Provider>
)
const render = (ui: VNode) => renderBare(ui, { wrapper })
afterEach(() => {
  cleanup()
  vi.mocked(parseMarkdown).mockClear()
})

const mathml: MathRenderer = {
  render(tex) {
    const math = document.createElementNS('http://www.w3.org/1998/Math/MathML', 'math')
    math.textContent = tex
    return math
  },
  syntax: mathSyntax,
}

describe('<Markdown> thinking', () => {
  it('shows thinking in an open section while it streams, closed once the answer starts', () => {
    const { container, rerender } = render(<Markdown text={'  <think>Let me *see*'} streaming />)
    const details = () => container.querySelector('details')
    expect(details()?.open).toBe(true)
    expect(details()?.querySelector('summary')?.textContent).toBe('Thinking')
    expect(details()?.querySelector('em')?.textContent).toBe('see')
    expect(container.textContent).not.toContain('<think>')
    rerender(<Markdown text={'  <think>Let me *see*</think>\n\nThe **answer**'} streaming />)
    expect(details()?.open).toBe(false)
    expect(container.querySelector('.md > p strong')?.textContent).toBe('answer')
    expect(container.textContent).not.toContain('think>')
  })

  it('never shows a think tag arriving in pieces', () => {
    const { container, rerender } = render(<Markdown text="<thi" streaming />)
    expect(container.textContent).toBe('')
    rerender(<Markdown text="<think>hm</th" streaming />)
    expect(container.querySelector('details')?.textContent).toBe('Thinkinghm')
  })
})

describe('<Markdown> math', () => {
  it('shows the text as written without the math chunk', () => {
    const { container } = render(<Markdown text={'$x^2$ costs $5 and $10'} />)
    expect(container.querySelector('.math')).toBeNull()
    expect(container.textContent).toBe('$x^2$ costs $5 and $10')
  })

  it('loads the math chunk only for text that may hold math, and parses it with its syntax', async () => {
    const load = vi.fn(() => Promise.resolve(mathml))
    const prices = render(
      <Markdown text={'It costs $5 and $10; tax is 12 $ with $ 3 $.'} math={load} />,
    )
    await act(async () => {})
    expect(load).not.toHaveBeenCalled()
    expect(prices.container.textContent).toBe('It costs $5 and $10; tax is 12 $ with $ 3 $.')
    const { container } = render(<Markdown text={'$x^2$ costs $5 and $10'} math={load} />)
    await act(async () => {})
    expect(load).toHaveBeenCalledTimes(1)
    expect(container.querySelector('.math math')?.textContent).toBe('x^2')
    expect(container.textContent).toBe('x^2 costs $5 and $10')
  })

  it('keeps the text as written when the math chunk fails to load', async () => {
    const { container } = render(
      <Markdown text={'$x^2$'} math={() => Promise.reject(new Error('offline'))} />,
    )
    await act(async () => {})
    expect(container.textContent).toBe('$x^2$')
  })

  it('mounts the MathML from the lazy renderer', async () => {
    const load = vi.fn(() => Promise.resolve(mathml))
    const { container } = render(<Markdown text={'\\(a\\) and\n\n$$\nb\n$$'} math={load} />)
    await act(async () => {})
    expect([...container.querySelectorAll('math')].map((m) => m.textContent)).toEqual(['a', 'b'])
    expect(container.querySelector('code')).toBeNull()
  })
})

describe('<Markdown> streaming', () => {
  it('never re-renders a finished block', () => {
    const { container, rerender } = render(
      <Markdown text={'First paragraph.\n\nSecond'} streaming />,
    )
    const first = container.querySelector('p')
    const changes: MutationRecord[] = []
    const observer = new MutationObserver((records) => changes.push(...records))
    if (first)
      observer.observe(first, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
      })
    rerender(<Markdown text={'First paragraph.\n\nSecond **grows**'} streaming />)
    rerender(<Markdown text={'First paragraph.\n\nSecond **grows**\n\nThird'} streaming />)
    observer.disconnect()
    expect(container.querySelector('p')).toBe(first)
    expect(changes).toEqual([])
    expect(container.querySelector('strong')?.textContent).toBe('grows')
  })

  it('parses only the tail of a 20 KB answer on each append', () => {
    const paragraph = `${'Words with *emphasis*, `code` and [links](https://a.example). '.repeat(6)}\n\n`
    const long = paragraph.repeat(Math.ceil(20_000 / paragraph.length))
    const { rerender } = render(<Markdown text={long} streaming />)
    const parse = vi.mocked(parseMarkdown)
    parse.mockClear()
    for (const more of ['One', 'One more', 'One more word.']) {
      rerender(<Markdown text={long + more} streaming />)
    }
    // The last paragraph and its new neighbour, then the new paragraph alone.
    expect(parse.mock.calls.map(([source]) => source.length)).toEqual([paragraph.length + 3, 8, 14])
  })

  it('renders an unclosed fence as code while it streams', () => {
    const { container } = render(
      <Markdown text={'Here:\n\n```python\nprint(1)\nprint(2'} streaming />,
    )
    expect(container.querySelector('pre code')?.textContent).toBe('print(1)\nprint(2')
    expect(container.querySelector('.bar span')?.textContent).toBe('python')
  })
})

describe('<Markdown> odd input', () => {
  const timed = (text: string) => {
    const start = performance.now()
    const view = render(<Markdown text={text} />)
    return { ...view, ms: performance.now() - start }
  }

  it('renders a 10,000-item list', () => {
    const { container, ms } = timed(
      Array.from({ length: 10_000 }, (_, i) => `- item ${i}`).join('\n'),
    )
    expect(container.querySelectorAll('li').length).toBeGreaterThan(2000)
    expect(container.textContent).toContain('item 9999')
    expect(ms).toBeLessThan(10_000)
  })

  it('renders a 1 MB answer, the part beyond the markdown limit as text', () => {
    const text = 'A line with *emphasis* and `code` in it.\n\n'.repeat(24_000)
    const { container, ms } = timed(text)
    expect(container.querySelector('em')).not.toBeNull()
    expect(container.querySelector('.raw')?.textContent?.length).toBeGreaterThan(900_000)
    expect(ms).toBeLessThan(10_000)
  })

  it('renders 1,000 nested block quotes, flattened', () => {
    const { container } = timed(
      Array.from({ length: 1000 }, (_, i) => `${'>'.repeat(i + 1)} level ${i}`).join('\n'),
    )
    expect(container.querySelectorAll('blockquote').length).toBeLessThanOrEqual(32)
    expect(container.textContent).toContain('level 999')
  })

  it('renders random binary without throwing', () => {
    let seed = 42
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      return seed
    }
    const text = Array.from({ length: 50_000 }, () => String.fromCharCode(random() % 0x10000)).join(
      '',
    )
    const { container, ms } = timed(text)
    expect(container.textContent?.length).toBeGreaterThan(10_000)
    expect(ms).toBeLessThan(10_000)
  })
})
