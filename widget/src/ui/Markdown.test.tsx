import { cleanup, render } from '@testing-library/preact'
import { afterEach, describe, expect, it } from 'vitest'
import { Markdown } from './Markdown.tsx'

afterEach(cleanup)

const html = (text: string, streaming = false) =>
  render(<Markdown text={text} streaming={streaming} />).container

describe('<Markdown>', () => {
  it('renders raw HTML as text, never as elements', () => {
    const el = html('<script>alert(1)</script> <img src=x onerror="alert(2)"> <b>bold</b>')
    expect(el.querySelector('script, img, b')).toBeNull()
    expect(el.textContent).toContain('<script>alert(1)</script>')
    expect(el.textContent).toContain('<img src=x onerror="alert(2)">')
  })

  it('renders HTML inside code as text too', () => {
    const el = html('`<i>x</i>`\n\n```\n<iframe src="https://evil"></iframe>\n```')
    expect(el.querySelector('i, iframe')).toBeNull()
    expect(el.querySelector('pre code')?.textContent).toBe('<iframe src="https://evil"></iframe>')
  })

  it('turns javascript: links into plain text', () => {
    const el = html('[click me](javascript:alert(1)) and [ok](https://example.com)')
    const links = el.querySelectorAll('a')
    expect(links).toHaveLength(1)
    expect(links[0]?.getAttribute('href')).toBe('https://example.com')
    expect(links[0]?.getAttribute('target')).toBe('_blank')
    expect(links[0]?.getAttribute('rel')).toBe('noopener noreferrer')
    expect(el.textContent).toContain('click me')
  })

  it('renders headings, lists, quotes, tables and emphasis', () => {
    const el = html('## Head\n\n- **a**\n- *b*\n\n> q\n\n| x | y |\n|---|---|\n| 1 | 2 |')
    expect(el.querySelector('h4')?.textContent).toBe('Head')
    expect(el.querySelectorAll('ul li')).toHaveLength(2)
    expect(el.querySelector('strong')?.textContent).toBe('a')
    expect(el.querySelector('em')?.textContent).toBe('b')
    expect(el.querySelector('blockquote')?.textContent).toBe('q')
    expect(el.querySelectorAll('td')).toHaveLength(2)
  })

  it('keeps finished blocks while a streaming answer grows', () => {
    const { container, rerender } = render(
      <Markdown text={'First paragraph.\n\nSecond'} streaming />,
    )
    const first = container.querySelector('p')
    rerender(<Markdown text={'First paragraph.\n\nSecond **grows'} streaming />)
    expect(container.querySelector('p')).toBe(first)
    expect(container.querySelector('strong')?.textContent).toBe('grows')
  })
})
