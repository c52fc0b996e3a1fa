/**
 * The owner's look from Dify's `/site`, with no attribute on the tag, in a real browser (Chromium):
 * the answer icon beside every answer, the footer under the composer, each overridden by its data
 * attribute; and the app's default language when neither the page nor the browser gives one the
 * widget has.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { auditWidget } from './harness/axe.ts'
import { browserSuite, expectClean } from './harness/suite.ts'
import { hook, openPanel, part, sendMessage, waitForAnswer } from './harness/widget.ts'

const suite = browserSuite(
  {},
  {
    upstream: {
      app: {
        openingStatement: 'Hi!',
        site: {
          useIconAsAnswerIcon: true,
          iconType: 'emoji',
          icon: '🦜',
          iconBackground: '#FFEAD5',
          customDisclaimer: 'Answers come from an AI and can be wrong.',
          copyright: '© Trailhead',
          privacyPolicy: 'https://trailhead.example/privacy',
          defaultLanguage: 'ja-JP',
        },
      },
    },
  },
)

/** What each of the log's answers (the welcome too) draws `::before` it: content, background. */
const icons = (page: Page) =>
  part(page, 'messages')
    .locator('.msg.assistant')
    .evaluateAll((els) =>
      els.map((el) => {
        const before = getComputedStyle(el, '::before')
        return { content: before.content, background: before.backgroundColor }
      }),
    )

describe('the look set in Dify', () => {
  it('draws the answer icon beside every answer and the footer under the composer, axe-clean', async () => {
    const { stack } = suite
    stack.upstream.next({ answer: 'Our boots are waterproof.' })
    const v = await suite.open('basic.html')
    await openPanel(v.page)
    const footer = part(v.page, 'footer')
    await footer.locator('a').waitFor()
    expect(await footer.locator('p').allTextContents()).toEqual([
      'Answers come from an AI and can be wrong.',
      '© Trailhead · Privacy policy',
    ])
    expect(await footer.locator('a').getAttribute('href')).toBe('https://trailhead.example/privacy')
    const index = await sendMessage(v.page, 'Are they waterproof?')
    await waitForAnswer(v.page, index)
    const drawn = await icons(v.page)
    expect(drawn.length, 'the welcome and the answer').toBe(2)
    for (const icon of drawn) {
      expect(icon.content).toContain('🦜')
      expect(icon.background).toBe('rgb(255, 234, 213)')
    }
    expect(await auditWidget(v.page)).toEqual([])
    expectClean(v, stack)
  })

  it('takes the data attributes over Dify’s: no icon, the page’s own disclaimer', async () => {
    const { stack } = suite
    const v = await suite.open('basic.html', {
      tag: { answerIcon: 'none', disclaimer: 'Our own words.', copyright: 'none' },
    })
    await openPanel(v.page)
    const footer = part(v.page, 'footer')
    await footer.locator('a').waitFor()
    expect(await footer.textContent()).toBe('Our own words.Privacy policy')
    expect(
      (await icons(v.page)).map((i) => i.content),
      'the welcome',
    ).toEqual(['none'])
    expectClean(v, stack)
  })

  it('speaks the app’s default language on a page and in a browser whose language it lacks', async () => {
    const { stack } = suite
    const v = await suite.open('korean.html', { locale: 'ko-KR' })
    expect(await v.page.evaluate(() => navigator.language)).toBe('ko-KR')
    await openPanel(v.page)
    const input = part(v.page, 'input')
    await expect.poll(() => input.getAttribute('placeholder')).toBe('メッセージを入力…')
    expect(
      await v.page
        .locator(`${hook('panel')}`)
        .evaluate((el) => el.closest('[lang]')?.getAttribute('lang')),
    ).toBe('ja')
    expectClean(v, stack)
  })
})
