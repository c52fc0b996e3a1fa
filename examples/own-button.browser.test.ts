/**
 * The chat opened from the page's own buttons, with no launcher of the widget's
 * (own-button.html + own-button.js, data-launcher="none", under the strict CSP), in a real browser
 * (Chromium): `Parley.open()` opens it with focus in the composer, `Parley.open({ message })` puts
 * the text in the composer unsent, `Parley.open({ message, send: true })` sends it, and closing
 * gives focus back to the page's button it was opened from.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { auditWidget } from './harness/axe.ts'
import { chatRequests } from './harness/stack.ts'
import { browserSuite, expectCleanUnderCsp } from './harness/suite.ts'
import {
  focusedPart,
  messages,
  part,
  recordAnswerTexts,
  recordedTexts,
  textOf,
  waitForAnswer,
} from './harness/widget.ts'

const suite = browserSuite()

const DRAFT = 'I would like to return my boots. My order number is'

/** The text of the page element that has focus (outside the widget), or what else has it. */
const pageFocus = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement
    if (!el || el === document.body) return 'body'
    if (el.id.startsWith('parley-widget')) return 'the widget'
    return el.textContent?.trim() ?? el.tagName
  })

/** Waits for the widget's host, drawn by the loader; without a launcher there is nothing to see. */
async function widgetDrawn(page: Page): Promise<void> {
  await page.locator('#parley-widget').waitFor({ state: 'attached' })
}

describe('the chat opened from the page’s own button (data-launcher="none")', () => {
  it('draws no launcher; the button opens the chat with focus in the composer, and Esc or close gives focus back to it', async () => {
    const { stack } = suite
    const v = await suite.open('own-button.html')
    const response = await v.page.reload()
    expect(response?.headers()['content-security-policy']).toContain(
      `script-src 'self' ${stack.relayUrl}`,
    )
    await widgetDrawn(v.page)
    await v.page.waitForLoadState('load')
    expect(
      await v.page.evaluate(() => {
        const root = document.querySelector('#parley-widget')?.shadowRoot
        return {
          shadowRoot: !!root,
          launcher: root?.querySelectorAll('[data-parley="launcher"]').length,
          buttons: root?.querySelectorAll('button').length,
          panel: root?.querySelectorAll('[data-parley="panel"]').length,
        }
      }),
    ).toEqual({ shadowRoot: true, launcher: 0, buttons: 0, panel: 0 })

    // Keyboard: the page's button, Enter.
    const button = v.page.getByRole('button', { name: 'Chat with us' })
    await button.focus()
    await v.page.keyboard.press('Enter')
    await part(v.page, 'panel').waitFor({ state: 'visible' })
    await expect.poll(() => focusedPart(v.page)).toBe('input')
    expect(await messages(v.page).count()).toBe(0)
    expect(await part(v.page, 'launcher').count(), 'no launcher once the app is here').toBe(0)
    await expect.poll(() => button.getAttribute('aria-expanded')).toBe('true')
    expect(await auditWidget(v.page)).toEqual([])

    await v.page.keyboard.press('Escape')
    await part(v.page, 'panel').waitFor({ state: 'hidden' })
    await expect.poll(() => pageFocus(v.page)).toBe('Chat with us')
    await expect.poll(() => button.getAttribute('aria-expanded')).toBe('false')

    // Mouse: click the button, then the window's close button.
    await button.click()
    await part(v.page, 'panel').waitFor({ state: 'visible' })
    await expect.poll(() => focusedPart(v.page)).toBe('input')
    await part(v.page, 'close').click()
    await part(v.page, 'panel').waitFor({ state: 'hidden' })
    await expect.poll(() => pageFocus(v.page)).toBe('Chat with us')

    await expectCleanUnderCsp(v, stack)
  })

  it('Parley.open({ message }) puts the text in the composer, unsent, for the visitor to finish and send', async () => {
    const { stack } = suite
    stack.upstream.next({ answer: 'Thanks! A return label is on its way.' })
    const v = await suite.open('own-button.html')
    await widgetDrawn(v.page)
    const before = chatRequests(stack).length

    await v.page.getByRole('button', { name: 'Start a return' }).click()
    await part(v.page, 'panel').waitFor({ state: 'visible' })
    const input = part(v.page, 'input')
    await expect.poll(() => input.inputValue()).toBe(DRAFT)
    await expect.poll(() => focusedPart(v.page)).toBe('input')
    // Nothing was sent: no message shown, none upstream.
    await v.page.waitForTimeout(400)
    expect(await messages(v.page).count()).toBe(0)
    expect(chatRequests(stack).length).toBe(before)

    // The visitor goes on typing where the text ends, and sends.
    await v.page.keyboard.type(' 4417.')
    expect(await input.inputValue()).toBe(`${DRAFT} 4417.`)
    await v.page.keyboard.press('Enter')
    expect(await waitForAnswer(v.page, 0)).toBe('Thanks! A return label is on its way.')
    expect(await textOf(messages(v.page, 'user').first())).toBe(`${DRAFT} 4417.`)
    expect(chatRequests(stack).at(-1)?.body.query).toBe(`${DRAFT} 4417.`)
    expect(await input.inputValue()).toBe('')
    expect(await auditWidget(v.page)).toEqual([])

    // Closed with Esc: focus goes back to the button it was opened from.
    await input.press('Escape')
    await part(v.page, 'panel').waitFor({ state: 'hidden' })
    await expect.poll(() => pageFocus(v.page)).toBe('Start a return')
    await expectCleanUnderCsp(v, stack)
  })

  it('Parley.open({ message, send: true }) opens the chat and sends; the answer streams in', async () => {
    const { stack } = suite
    const answer =
      'Measure your foot in the evening, when it is largest, and pick the size that leaves a thumb’s width at the toe.'
    stack.upstream.next({ answer, frameDelayMs: 60 })
    const v = await suite.open('own-button.html')
    await widgetDrawn(v.page)
    await recordAnswerTexts(v.page)

    await v.page.getByRole('button', { name: 'Ask about sizing' }).click()
    await part(v.page, 'panel').waitFor({ state: 'visible' })
    expect(await waitForAnswer(v.page, 0)).toBe(answer)
    const seen = await recordedTexts(v.page)
    const partial = seen.filter(
      (s) => s.state === 'streaming' && s.text !== '' && s.text !== answer,
    )
    expect(partial.length, JSON.stringify(seen)).toBeGreaterThanOrEqual(3)
    for (const { text } of partial) expect(answer.startsWith(text), text).toBe(true)
    expect(await textOf(messages(v.page, 'user').first())).toBe(
      'How do I pick the right boot size?',
    )
    expect(chatRequests(stack).at(-1)?.body.query).toBe('How do I pick the right boot size?')
    expect(await part(v.page, 'input').inputValue(), 'sent, not left in the composer').toBe('')
    await expect.poll(() => focusedPart(v.page)).toBe('input')

    await v.page.keyboard.press('Escape')
    await part(v.page, 'panel').waitFor({ state: 'hidden' })
    await expect.poll(() => pageFocus(v.page)).toBe('Ask about sizing')
    await expectCleanUnderCsp(v, stack)
  })
})
