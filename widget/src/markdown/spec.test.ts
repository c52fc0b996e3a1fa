/**
 * The CommonMark spec's examples for what chat answers use, through the widget's own renderer.
 * Both sides are parsed into a DOM and serialized again, with these mappings, documented here and
 * applied the same way to every example:
 * - ours: a code block's chrome (wrapper, label, Copy button, region attributes on `<pre>`) is
 *   dropped and the code gets back the final newline the reference renderer writes; links lose
 *   `target`/`rel`, images `loading`; hrefs are percent-encoded as the reference renderer does.
 * - expected: heading levels go through the widget's mapping (headings.ts: first h3, one deeper
 *   per nested level), since that is what the widget shows.
 * - both: line breaks at the start and end of block elements and between them (the reference
 *   renderer's formatting) and the one after `<br>` are dropped; the spec's `→` is a tab.
 * The link policy (http, https, mailto) and image policy (allowed origins) are switched off here:
 * the spec's URLs are relative, and the policies have their own tests.
 * Failing by design: raw HTML is shown as text, and GFM autolink literals (on in the widget) link
 * the bare URLs and e-mail addresses CommonMark leaves as text.
 */
import spec, { type Example } from 'commonmark-spec'
import { h, render } from 'preact'
import { describe, expect, it } from 'vitest'
import { en } from '../i18n/en.ts'
import { Blocks } from '../ui/Markdown.tsx'
import { headingLevels } from './headings.ts'
import { parseMarkdown } from './parse.ts'
import type { RenderContext } from './render.tsx'

const SECTIONS = [
  'Tabs',
  'Backslash escapes',
  'Thematic breaks',
  'ATX headings',
  'Setext headings',
  'Indented code blocks',
  'Fenced code blocks',
  'Paragraphs',
  'Blank lines',
  'Block quotes',
  'List items',
  'Lists',
  'Code spans',
  'Emphasis and strong emphasis',
  'Links',
  'Autolinks',
  'Hard line breaks',
  'Soft line breaks',
  'Textual content',
]

const ctx: RenderContext = {
  t: en,
  href: (url) => url,
  image: (url) => url,
  math: undefined,
  parse: parseMarkdown,
  definitions: new Map(),
}

const BLOCK = /^(P|H[1-6]|PRE|BLOCKQUOTE|UL|OL|LI|HR|TABLE|THEAD|TBODY|TR|TH|TD|DIV)$/
const isBlock = (node: Node | null) => node instanceof Element && BLOCK.test(node.tagName)

/** How the reference renderer writes an href (micromark-util-sanitize-uri's normalizeUri). */
const encodeHref = (href: string) =>
  href.replace(/%(?![0-9A-Za-z]{2})|[^!#$%&-;=?-Z_a-z~]/gu, (c) => encodeURIComponent(c))

function normalize(root: Element): string {
  const texts: Text[] = []
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
  for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n as Text)
  for (const text of texts) {
    const parent = text.parentElement
    if (parent?.closest('pre')) continue
    let value = text.data
    if (text.previousSibling?.nodeName === 'BR') value = value.replace(/^\n/, '')
    const container = parent === root || isBlock(parent)
    if (isBlock(text.previousSibling) || (container && !text.previousSibling)) {
      value = value.replace(/^\n+/, '')
    }
    if (isBlock(text.nextSibling) || (container && !text.nextSibling)) {
      value = value.replace(/\n+$/, '')
    }
    if (value) text.data = value
    else text.remove()
  }
  for (const a of root.querySelectorAll('a[href]')) {
    a.setAttribute('href', encodeHref(a.getAttribute('href') ?? ''))
  }
  return root.innerHTML
}

function ours(markdown: string): string {
  const box = document.createElement('div')
  render(h(Blocks, { text: markdown, ctx }), box)
  for (const wrapper of box.querySelectorAll('.code')) {
    const pre = wrapper.querySelector('pre')
    if (!pre) continue
    for (const name of ['tabindex', 'role', 'aria-label']) pre.removeAttribute(name)
    const code = pre.querySelector('code')
    if (code?.textContent) code.textContent += '\n'
    wrapper.replaceWith(pre)
  }
  for (const a of box.querySelectorAll('a')) {
    a.removeAttribute('target')
    a.removeAttribute('rel')
  }
  for (const img of box.querySelectorAll('img')) img.removeAttribute('loading')
  const html = normalize(box)
  render(null, box)
  return html
}

function expected(html: string): string {
  const box = document.createElement('div')
  box.innerHTML = html
  const headings = [...box.querySelectorAll('h1, h2, h3, h4, h5, h6')]
  const levels = headingLevels(headings.map((h) => Number(h.tagName[1])))
  headings.forEach((h, i) => {
    const shown = document.createElement(`h${levels[i]}`)
    shown.append(...h.childNodes)
    h.replaceWith(shown)
  })
  return normalize(box)
}

const examples = spec.tests.filter((e: Example) => SECTIONS.includes(e.section))
// The spec writes tabs as `→`.
const tabs = (s: string) => s.replaceAll('→', '\t')
const results = examples.map((e) => ({
  ...e,
  ours: ours(tabs(e.markdown)),
  want: expected(tabs(e.html)),
}))

describe('CommonMark spec examples', () => {
  it('pass at 95 % or more over the sections answers use', () => {
    const rows = SECTIONS.map((section) => {
      const all = results.filter((r) => r.section === section)
      const passed = all.filter((r) => r.ours === r.want).length
      return `| ${section} | ${passed} / ${all.length} | ${((100 * passed) / all.length).toFixed(1)} % |`
    })
    const passed = results.filter((r) => r.ours === r.want).length
    const total = `| **All** | ${passed} / ${results.length} | ${((100 * passed) / results.length).toFixed(1)} % |`
    console.log(['| Section | Passed | Rate |', '|---|---|---|', ...rows, total].join('\n'))
    const failing = results.filter((r) => r.ours !== r.want).map((r) => `#${r.number}`)
    console.log(`Failing examples: ${failing.join(' ') || 'none'}`)
    expect(passed / results.length).toBeGreaterThanOrEqual(0.95)
  })
})
