/**
 * Single-page apps in a real browser (Chromium): Turbo Drive and htmx's hx-boost swap the page's
 * body on every link, and run the widget's tag again with it. The widget (drawn after <body>) stays
 * the same element with the same panel, and an answer streaming across the swap finishes.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { browserSuite, expectClean } from './harness/suite.ts'
import { messages, openPanel, part, sendMessage, waitForAnswer } from './harness/widget.ts'

const suite = browserSuite()

/** Marks the widget's host, so the page after a swap can say whether it is still the same one. */
const markHost = (page: Page) =>
  page.evaluate(() => {
    const host = document.getElementById('parley-widget') as
      | (HTMLElement & { mark?: number })
      | null
    if (host) host.mark = 42
  })

const widgetState = (page: Page) =>
  page.evaluate(() => ({
    hosts: document.querySelectorAll('#parley-widget').length,
    same: (document.getElementById('parley-widget') as { mark?: number } | null)?.mark === 42,
    heading: document.querySelector('h1')?.textContent,
    path: location.pathname,
  }))

describe.each([
  ['Turbo Drive', 'turbo.html', 'turbo-next.html'],
  ['htmx hx-boost', 'htmx.html', 'htmx-next.html'],
])('a page on %s', (_, first, next) => {
  it('keeps the widget, its open panel and a streaming answer across body swaps and back', async () => {
    const { stack } = suite
    const answer = 'Orders ship within a day, and returns are free for sixty days.'
    stack.upstream.next({ answer, frameDelayMs: 120 })
    const v = await suite.open(first)
    await openPanel(v.page)
    await markHost(v.page)
    const index = await sendMessage(v.page, 'How fast do you ship?')
    await expect.poll(() => messages(v.page, 'assistant').nth(index).textContent()).toMatch(/\w/)

    await v.page.locator('[data-page-link="shipping"]').click()
    await expect
      .poll(() => widgetState(v.page))
      .toEqual({
        hosts: 1,
        same: true,
        heading: 'Shipping',
        path: `/${next}`,
      })
    expect(await part(v.page, 'panel').isVisible(), 'the panel stays open').toBe(true)
    expect(await waitForAnswer(v.page, index)).toBe(answer)

    await v.page.goBack()
    await expect
      .poll(() => widgetState(v.page))
      .toEqual({
        hosts: 1,
        same: true,
        heading: 'Boots for every trail',
        path: `/${first}`,
      })
    expect(await messages(v.page, 'assistant').nth(index).textContent()).toContain('sixty days')
    // The tag ran again with each new body; one widget, one Parley.
    const scripts = v.requests.filter((url) => url === `${stack.relayUrl}/widget.js`)
    expect(scripts.length).toBeGreaterThanOrEqual(1)
    expectClean(v, stack)
  })
})
