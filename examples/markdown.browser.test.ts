/**
 * Answers as LLMs write them, rendered in a real browser: the shapes the old renderer broke, math
 * from its lazy chunk, the WCAG 2.2 rules on a long code answer, and markdown meant to break things.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { auditWidget } from './harness/axe.ts'
import { browserSuite, expectClean, expectCleanUnderCsp } from './harness/suite.ts'
import { messages, openPanel, sendMessage, until, waitForAnswer } from './harness/widget.ts'

const suite = browserSuite()

const WIKI = 'https://en.wikipedia.org/wiki/Rust_(programming_language)'

const STEPS = `<think>The visitor wants set-up steps. Keep it short.</think>

Here is how to set it up:

1. Install the package:

   \`\`\`bash
   npm install --save-exact @acme/parley-client@2.4.1 && npx parley-client init --relay https://chat.example.com --color '#0f766e'
   \`\`\`

2. Configure it. This step has two paragraphs.

   The second paragraph stays inside the item.

3. Start it:

   \`\`\`js
   start({ relay: 'https://chat.example.com' })
   \`\`\`

Read about [Rust](${WIKI}) for background.

| Size | EU | US |
|:-----|:--:|---:|
| Small | 38 | 6 |
| Large | 44 | 10 |

- [x] ~~Old step~~ done
- [ ] New step

The cost grows as $$O(n \\log n)$$`

/** The last answer's rendered markdown, inspected inside the shadow root. */
function inspect(page: Page) {
  return messages(page, 'assistant')
    .last()
    .evaluate((msg) => {
      const md = msg.querySelector('.md') as HTMLElement
      const ol = md.querySelector(':scope > ol')
      const items = ol ? [...ol.children] : []
      const link = md.querySelector(`a[href*="wikipedia"]`) as HTMLAnchorElement | null
      const cells = [...md.querySelectorAll('th')].map((th) => getComputedStyle(th).textAlign)
      const pres = [...md.querySelectorAll('pre')]
      const think = md.closest('.b')?.querySelector('details') ?? msg.querySelector('details')
      return {
        lists: md.querySelectorAll(':scope > ol').length,
        items: items.length,
        codeInItems: items.map((li) => li.querySelectorAll('pre').length),
        paragraphsInSecond: items[1]?.querySelectorAll(':scope > p').length ?? 0,
        link: link && {
          href: link.href,
          text: link.textContent,
          rel: link.rel,
          target: link.target,
        },
        textAfterLink: link?.nextSibling?.textContent ?? '',
        cells,
        pres: pres.map((pre) => ({
          tabIndex: pre.tabIndex,
          label: pre.getAttribute('aria-label') ?? pre.parentElement?.getAttribute('aria-label'),
          indent: pre.textContent?.match(/^ */)?.[0].length ?? -1,
        })),
        copyButtons: msg.querySelectorAll('button[aria-label*="Copy" i], button[title*="Copy" i]')
          .length,
        del: md.querySelector('del')?.textContent,
        checkboxes: [...md.querySelectorAll('input[type="checkbox"]')].map((c) => ({
          checked: (c as HTMLInputElement).checked,
          disabled: (c as HTMLInputElement).disabled,
          named: !!(c.getAttribute('aria-label') || c.closest('label')?.textContent?.trim()),
        })),
        think: think && { open: (think as HTMLDetailsElement).open, text: think.textContent },
        rawTags: msg.textContent?.includes('<think>') ?? true,
      }
    })
}

const announcement = (page: Page) =>
  page.locator('#parley-widget .sr[aria-live="polite"]').last().textContent()

describe('markdown answers', () => {
  it('renders numbered steps with code, multi-paragraph items, a Wikipedia link, an aligned table, a task list and <think>', async () => {
    const { stack } = suite
    stack.upstream.next({ answer: STEPS })
    const v = await suite.open('basic.html')
    await openPanel(v.page)
    const before = await sendMessage(v.page, 'How do I set it up?')
    await waitForAnswer(v.page, before)
    const md = await inspect(v.page)
    expect(md.lists, 'one ordered list, not three').toBe(1)
    expect(md.items).toBe(3)
    expect(md.codeInItems).toEqual([1, 0, 1])
    expect(md.paragraphsInSecond).toBe(2)
    expect(md.pres.map((p) => p.indent)).toEqual([0, 0])
    expect(md.link).toEqual({
      href: WIKI,
      text: 'Rust',
      rel: 'noopener noreferrer',
      target: '_blank',
    })
    expect(md.textAfterLink.startsWith(' for background')).toBe(true)
    expect(md.cells).toEqual(['left', 'center', 'right'])
    for (const pre of md.pres) {
      expect(pre.tabIndex).toBe(0)
      expect(pre.label).toBeTruthy()
    }
    expect(md.copyButtons).toBeGreaterThanOrEqual(2)
    expect(md.del).toBe('Old step')
    expect(md.checkboxes).toEqual([
      { checked: true, disabled: true, named: true },
      { checked: false, disabled: true, named: true },
    ])
    expect(md.think?.open, 'closed once the answer proper started').toBe(false)
    expect(md.think?.text).toContain('Keep it short.')
    expect(md.rawTags).toBe(false)
    // An answer with math is announced once the math chunk is there (plain text without TeX marks).
    const said = await until(
      async () => (await announcement(v.page)) ?? '',
      (text) => text !== '',
      'the answer to be announced',
    )
    expect(said).toContain('Here is how to set it up')
    expect(said).not.toContain('Keep it short')
    // Plain text: the code's own characters stay, but no markdown marks or TeX delimiters.
    expect(said).not.toMatch(/\*\*|~~|```|\]\(|\|\s*:?-{3}|\$\$|\[[x ]\]/)
    await messages(v.page, 'assistant').last().locator('math').waitFor()
    expect(await auditWidget(v.page)).toEqual([])
    expectClean(v, stack)
  })

  it('renders math as MathML from the lazy math chunk, under a strict CSP', async () => {
    const { stack } = suite
    stack.upstream.next({
      answer:
        'The area is $$A = \\pi r^2$$ and Pythagoras says \\(a^2 + b^2 = c^2\\). It costs $5 or $10.',
    })
    const v = await suite.open('strict-csp.html')
    await openPanel(v.page)
    const before = await sendMessage(v.page, 'Formulas?')
    await waitForAnswer(v.page, before)
    await messages(v.page, 'assistant').last().locator('math').first().waitFor()
    const maths = await messages(v.page, 'assistant').last().locator('math').count()
    expect(maths).toBe(2)
    expect(v.requests.some((url) => /\/widget\/math\.[\w-]{16}\.js$/.test(url))).toBe(true)
    expect(await messages(v.page, 'assistant').last().textContent()).toContain('$5 or $10')
    await expectCleanUnderCsp(v, stack)
  })

  it.each([
    ['an unclosed fence', '```python\nprint("never closed")\n' + 'x = 1\n'.repeat(200)],
    ['a 10,000-item list', Array.from({ length: 10_000 }, (_, i) => `- item ${i}`).join('\n')],
    ['1,000 nested block quotes', `${'>'.repeat(1000)} deep`],
    ['a 1 MB answer', `${'Lorem ipsum **dolor** sit amet. '.repeat(32_768)}`],
  ])('survives %s: the page stays responsive and the answer completes', async (_, answer) => {
    const { stack } = suite
    stack.upstream.next({ chunks: answer.match(/[\s\S]{1,4096}/g) ?? [answer] })
    const v = await suite.open('basic.html')
    await openPanel(v.page)
    const before = await sendMessage(v.page, 'Break it')
    await waitForAnswer(v.page, before, 'done', 30_000)
    const started = Date.now()
    expect(await v.page.evaluate(() => document.title)).toBeTruthy()
    expect(Date.now() - started, 'the page answers at once').toBeLessThan(1000)
    expectClean(v, stack)
  })
})
