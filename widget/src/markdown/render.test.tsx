import { cleanup, render } from '@testing-library/preact'
import type { ComponentChildren } from 'preact'
import { afterEach, describe, expect, it } from 'vitest'
import { en } from '../i18n/en.ts'
import { Markdown } from '../ui/Markdown.tsx'
import { type Widget, WidgetContext } from '../ui/widget-context.ts'

const widget = { view: { t: en } } as Widget
const wrapper = ({ children }: { children?: ComponentChildren }) => (
  <WidgetContext.Provider value={widget}>{children}</WidgetContext.Provider>
)
afterEach(cleanup)

const md = (text: string, imageOrigins?: readonly string[]) =>
  render(<Markdown text={text} imageOrigins={imageOrigins} />, { wrapper }).container

describe('rendering answers', () => {
  it('renders numbered steps with a fenced code block in each step', () => {
    const el = md(
      '1. Install:\n\n   ```bash\n   npm i x\n   ```\n\n2. Run:\n\n   ```js\n   run()\n   ```\n\n3. Done.',
    )
    const items = el.querySelectorAll('ol > li')
    expect(items).toHaveLength(3)
    expect(items[0]?.querySelector('pre code')?.textContent).toBe('npm i x')
    expect(items[1]?.querySelector('pre code')?.className).toBe('language-js')
    expect(items[2]?.textContent).toBe('Done.')
  })

  it('keeps the numbering of a list that starts elsewhere', () => {
    expect(md('3. c\n4. d').querySelector('ol')?.getAttribute('start')).toBe('3')
  })

  it('renders list items with several paragraphs and nested lists', () => {
    const el = md('- First para.\n\n  Second para.\n  - nested\n- Next')
    const first = el.querySelector('ul > li')
    expect(first?.querySelectorAll(':scope > p')).toHaveLength(2)
    expect(first?.querySelector('ul li')?.textContent).toBe('nested')
  })

  it('renders tight lists without paragraphs', () => {
    expect(md('- a\n- b').querySelector('li')?.innerHTML).toBe('a')
  })

  it('keeps parentheses in a Wikipedia URL', () => {
    const url = 'https://en.wikipedia.org/wiki/Rust_(programming_language)'
    const el = md(`[Rust](${url}) and ${url}.`)
    const links = [...el.querySelectorAll('a')].map((a) => a.getAttribute('href'))
    expect(links).toEqual([url, url])
  })

  it('maps heading levels to h3 and below without skipping', () => {
    const el = md('# Top\n\n### Deep\n\n## Mid\n\ntext')
    expect([...el.querySelectorAll('h3, h4, h5, h6')].map((h) => h.tagName)).toEqual([
      'H3',
      'H4',
      'H4',
    ])
  })

  it('renders tables with alignment inside a labelled, focusable scroll region', () => {
    const el = md('| L | C | R | N |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |')
    const region = el.querySelector('.tbl')
    expect(region?.getAttribute('role')).toBe('region')
    expect(region?.getAttribute('tabindex')).toBe('0')
    expect(region?.getAttribute('aria-label')).toBe('Table')
    const classes = (sel: string) => [...el.querySelectorAll(sel)].map((c) => c.className)
    expect(classes('th')).toEqual(['al-l', 'al-c', 'al-r', ''])
    expect(classes('td')).toEqual(['al-l', 'al-c', 'al-r', ''])
    expect(el.querySelector('[style]')).toBeNull()
  })

  it('renders task lists with disabled, named checkboxes', () => {
    const el = md('- [x] Write tests\n- [ ] Ship it\n- [ ] ')
    const boxes = [...el.querySelectorAll('input')]
    expect(boxes.map((b) => [b.type, b.disabled, b.checked, b.getAttribute('aria-label')])).toEqual(
      [
        ['checkbox', true, true, 'Write tests'],
        ['checkbox', true, false, 'Ship it'],
      ],
    )
  })

  it('renders strikethrough only for double tildes', () => {
    const el = md('~~old~~ takes ~5 min to ~10 min')
    expect(el.querySelector('del')?.textContent).toBe('old')
    expect(el.querySelectorAll('del')).toHaveLength(1)
  })

  it('turns URLs, www addresses and e-mail addresses into links', () => {
    const el = md('<https://a.example/x> https://b.example www.c.example d@e.example')
    expect([...el.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      'https://a.example/x',
      'https://b.example',
      'http://www.c.example',
      'mailto:d@e.example',
    ])
  })

  it('links bare URLs wherever an answer writes them plainly (the syntax pass alone)', () => {
    const el = md(
      '见https://a.example 。 **https://b.example** (www.c.example). Mail:d.e+f@g.example! See https://h.example/a_(b).',
    )
    expect([...el.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      'https://a.example',
      'https://b.example',
      'http://www.c.example',
      'mailto:d.e+f@g.example',
      'https://h.example/a_(b)',
    ])
    // GitHub's second pass (after a character reference) is not run: see autolink-syntax-only.ts.
    expect(md('a&#64;b.example').querySelector('a')).toBeNull()
  })

  it('opens links in a new tab without an opener or referrer', () => {
    const a = md('[ok](https://example.com "Title")').querySelector('a')
    expect(a?.getAttribute('target')).toBe('_blank')
    expect(a?.getAttribute('rel')).toBe('noopener noreferrer')
    expect(a?.getAttribute('title')).toBe('Title')
  })

  it('shows links with other schemes as their text', () => {
    const el = md(
      '[click](javascript:alert(1)) [data](data:text/html,x) <javascript:alert(2)> [rel](/x)',
    )
    expect(el.querySelector('a')).toBeNull()
    expect(el.textContent).toBe('click data javascript:alert(2) rel')
  })

  it('renders raw HTML as text, never as elements', () => {
    const el = md('<script>alert(1)</script>\n\nHi <img src=x onerror="alert(2)"> <b>bold</b>')
    expect(el.querySelector('script, img, b')).toBeNull()
    expect(el.textContent).toContain('<script>alert(1)</script>')
    expect(el.textContent).toContain('<img src=x onerror="alert(2)">')
  })

  it('reads lines of raw HTML as paragraph text, markdown inside them included', () => {
    const el = md('<div>\n*hi* there\n</div>')
    expect(el.querySelector('.md div')).toBeNull()
    expect(el.querySelector('p em')?.textContent).toBe('hi')
    expect(el.textContent).toBe('<div>\nhi there\n</div>')
  })

  it('renders HTML inside code as text too', () => {
    const el = md('`<i>x</i>`\n\n```\n<iframe src="https://evil"></iframe>\n```')
    expect(el.querySelector('i, iframe')).toBeNull()
    expect(el.querySelector('pre code')?.textContent).toBe('<iframe src="https://evil"></iframe>')
  })

  it('loads images only from allowed origins', () => {
    const el = md(
      '![chart](https://files.example.com/c.png) ![spy](https://evil.example/p.png?q=secret) ![](https://evil.example/x.png)',
      ['https://files.example.com'],
    )
    const images = el.querySelectorAll('img')
    expect(images).toHaveLength(1)
    expect(images[0]?.getAttribute('src')).toBe('https://files.example.com/c.png')
    expect(images[0]?.getAttribute('alt')).toBe('chart')
    const links = [...el.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href')])
    expect(links).toEqual([
      ['spy', 'https://evil.example/p.png?q=secret'],
      ['https://evil.example/x.png', 'https://evil.example/x.png'],
    ])
  })

  it('refuses every image without allowed origins', () => {
    expect(md('![a](https://files.example.com/c.png)').querySelector('img')).toBeNull()
  })

  it('resolves reference links', () => {
    const a = md('See [the docs][d].\n\n[d]: https://example.com/docs').querySelector('a')
    expect(a?.getAttribute('href')).toBe('https://example.com/docs')
    expect(a?.textContent).toBe('the docs')
  })

  it('flattens nesting deeper than 32 levels', () => {
    const el = md(`${'> '.repeat(200)}deep`)
    expect(el.querySelectorAll('blockquote').length).toBeLessThanOrEqual(32)
    expect(el.textContent).toBe('deep')
  })
})
