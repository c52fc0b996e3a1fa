/**
 * The page's own buttons drive the widget (ask.html + ask.js, under the strict CSP), in a real
 * browser (Chromium): a button that asks a question opens the chat and sends it, before the chat app
 * has even loaded; another only opens it.
 */
import { describe, expect, it } from 'vitest'
import { browserSuite, expectCleanUnderCsp } from './harness/suite.ts'
import { focusedPart, messages, part, textOf, waitForAnswer } from './harness/widget.ts'

const suite = browserSuite()

describe('buttons on the page', () => {
  it('open the chat and send the question, the app loading on that click', async () => {
    const { stack } = suite
    stack.upstream.next({ answer: 'Measure your foot in the evening.' })
    const v = await suite.open('ask.html')
    await part(v.page, 'launcher').waitFor()
    expect(
      v.requests.some((url) => /\/widget\/app\./.test(url)),
      'no app before the click',
    ).toBe(false)
    await v.page.getByRole('button', { name: 'Ask about sizing' }).click()
    await part(v.page, 'panel').waitFor({ state: 'visible' })
    expect(await waitForAnswer(v.page, 0)).toBe('Measure your foot in the evening.')
    expect(await textOf(messages(v.page, 'user').first())).toBe(
      'How do I pick the right boot size?',
    )
    await expectCleanUnderCsp(v, stack)
  })

  it('open the chat only, with focus in the composer', async () => {
    const { stack } = suite
    const v = await suite.open('ask.html')
    await part(v.page, 'launcher').waitFor()
    await v.page.getByRole('button', { name: 'Open the chat' }).click()
    await part(v.page, 'panel').waitFor({ state: 'visible' })
    await expect.poll(() => focusedPart(v.page)).toBe('input')
    expect(await messages(v.page).count()).toBe(0)
    await expectCleanUnderCsp(v, stack)
  })
})
