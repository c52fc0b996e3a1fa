import { describe, expect, it } from 'vitest'
import { auditWidget } from './harness/axe.ts'
import { chatRequests } from './harness/stack.ts'
import { browserSuite, expectClean } from './harness/suite.ts'
import {
  ask,
  focusedPart,
  isOnTop,
  messages,
  openPanel,
  part,
  textOf,
  until,
  waitForAnswer,
} from './harness/widget.ts'

const suite = browserSuite()

describe('accessibility', () => {
  it('works by keyboard alone: Tab to the bubble, Enter opens, Enter sends, Esc closes and focus returns', async () => {
    const { stack } = suite
    stack.upstream.next({ answer: 'Yes, we ship to Norway.' })
    const v = await suite.open('basic.html')
    const { page } = v
    await part(page, 'launcher').waitFor()

    for (let i = 0; i < 10 && (await focusedPart(page)) !== 'launcher'; i++)
      await page.keyboard.press('Tab')
    expect(await focusedPart(page)).toBe('launcher')
    await page.keyboard.press('Enter')
    await part(page, 'panel').waitFor({ state: 'visible' })
    expect(await part(page, 'launcher').getAttribute('aria-expanded')).toBe('true')
    await until(
      () => focusedPart(page),
      (f) => f === 'input',
      'focus in the composer',
    )

    await page.keyboard.type('Do you ship')
    await page.keyboard.press('Shift+Enter')
    await page.keyboard.type('to Norway?')
    expect(await part(page, 'input').inputValue()).toBe('Do you ship\nto Norway?')
    expect(await messages(page, 'user').count()).toBe(0)
    const index = await messages(page, 'assistant').count()
    await page.keyboard.press('Enter')
    expect(await waitForAnswer(page, index)).toBe('Yes, we ship to Norway.')
    expect(chatRequests(stack).at(-1)?.body.query).toBe('Do you ship\nto Norway?')
    expect(await textOf(messages(page, 'user').last())).toBe('Do you ship\nto Norway?')

    await page.keyboard.press('Escape')
    await part(page, 'panel').waitFor({ state: 'hidden' })
    expect(await part(page, 'launcher').getAttribute('aria-expanded')).toBe('false')
    expect(await focusedPart(page)).toBe('launcher')
    expectClean(v, stack)
  })

  it('has no serious or critical axe violation in the open widget with a conversation', async () => {
    const { stack } = suite
    stack.upstream.next({
      answer:
        'Our **Ridge** boot:\n\n- waterproof\n- 540 g\n\nSee [the guide](https://example.com/guide).',
    })
    const v = await suite.open('basic.html')
    await openPanel(v.page)
    await ask(v.page, 'Tell me about the Ridge')
    expect(await auditWidget(v.page)).toEqual([])
    expectClean(v, stack)
  })

  it('has no serious or critical axe violation in the dark, right-to-left widget', async () => {
    const { stack } = suite
    stack.upstream.next({ answer: 'نعم، كل أحذيتنا مقاومة للماء.' })
    const v = await suite.open('dark-rtl.html')
    await openPanel(v.page)
    await ask(v.page, 'هل الأحذية مقاومة للماء؟')
    expect(await auditWidget(v.page)).toEqual([])
    expectClean(v, stack)
  })

  it('fills a 375×667 phone screen with a usable panel', async () => {
    const { stack } = suite
    stack.upstream.next({ answer: 'Sizes 36 to 48.' })
    const v = await suite.open('basic.html', {
      viewport: { width: 375, height: 667 },
      mobile: true,
    })
    const { page } = v
    await part(page, 'launcher').tap()
    await part(page, 'panel').waitFor({ state: 'visible' })

    const box = await part(page, 'panel').boundingBox()
    expect(box).not.toBeNull()
    expect(Math.round(box?.x ?? -1)).toBe(0)
    expect(Math.round(box?.y ?? -1)).toBe(0)
    expect(Math.round(box?.width ?? 0)).toBe(375)
    expect(Math.round(box?.height ?? 0)).toBe(667)
    for (const name of ['input', 'send', 'close'] as const) {
      const b = await part(page, name).boundingBox()
      expect(b, name).not.toBeNull()
      if (!b) continue
      expect(b.x >= 0 && b.y >= 0 && b.x + b.width <= 375 && b.y + b.height <= 667, name).toBe(true)
      expect(
        Math.min(b.width, b.height),
        `${name} is a comfortable touch target`,
      ).toBeGreaterThanOrEqual(24)
      expect(await isOnTop(part(page, name)), `nothing covers ${name}`).toBe(true)
    }

    await part(page, 'input').tap()
    await part(page, 'input').fill('Which sizes?')
    const index = await messages(page, 'assistant').count()
    await part(page, 'send').tap()
    expect(await waitForAnswer(page, index)).toBe('Sizes 36 to 48.')
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
    expect(scrollWidth, 'no sideways scrolling').toBeLessThanOrEqual(375)

    await part(page, 'close').tap()
    await part(page, 'panel').waitFor({ state: 'hidden' })
    expectClean(v, stack)
  })
})
