/**
 * The loader in a real page: what every page view pays (nothing but widget.js until the visitor
 * shows intent), how the app arrives (a script pinned by SRI), and what happens when it cannot.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { browserSuite, expectClean } from './harness/suite.ts'
import { ask, part } from './harness/widget.ts'

const suite = browserSuite()

/** Records every <script> added to the page from now on (the loader removes its own once run). */
async function recordScripts(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: { src: string; integrity: string; crossOrigin: string | null }[] = []
    Object.defineProperty(window, '__scripts', { value: seen })
    new MutationObserver((records) => {
      for (const node of records.flatMap((r) => [...r.addedNodes])) {
        if (node instanceof HTMLScriptElement) {
          seen.push({ src: node.src, integrity: node.integrity, crossOrigin: node.crossOrigin })
        }
      }
    }).observe(document, { childList: true, subtree: true })
  })
}

const scripts = (page: Page) =>
  page.evaluate(
    () =>
      (
        window as unknown as {
          __scripts: { src: string; integrity: string; crossOrigin: string }[]
        }
      ).__scripts,
  )

const storage = (page: Page) =>
  page.evaluate(() => ({
    session: sessionStorage.length,
    local: localStorage.length,
    cookie: document.cookie,
  }))

describe('the loader', () => {
  it('asks for nothing but widget.js and stores nothing until the visitor shows intent', async () => {
    const { stack } = suite
    const v = await suite.open('basic.html')
    await part(v.page, 'launcher').waitFor()
    await v.page.waitForTimeout(700)
    const relayRequests = v.requests.filter((url) => url.startsWith(stack.relayUrl))
    expect(relayRequests).toEqual([`${stack.relayUrl}/widget.js`])
    expect(await storage(v.page)).toEqual({ session: 0, local: 0, cookie: '' })
    expect(await part(v.page, 'panel').count(), 'no panel before the app').toBe(0)
    expectClean(v, stack)
  })

  it('loads the app on hover as a script pinned by integrity, then chats on click', async () => {
    const { stack } = suite
    stack.upstream.next({ answer: 'Yes, we ship worldwide.' })
    const v = await suite.open('basic.html')
    await part(v.page, 'launcher').waitFor()
    await recordScripts(v.page)
    await Promise.all([
      v.page.waitForRequest(/\/widget\/app\.[\w-]{16}\.js$/),
      part(v.page, 'launcher').hover(),
    ])
    await v.page.waitForFunction(
      () => (window as unknown as { __scripts: unknown[] }).__scripts.length > 0,
    )
    const [app] = await scripts(v.page)
    expect(app?.src).toMatch(new RegExp(`^${stack.relayUrl}/widget/app\\.[\\w-]{16}\\.js$`))
    expect(app?.integrity).toMatch(/^sha256-[A-Za-z0-9+/]{43}=$/)
    expect(app?.crossOrigin).toBe('anonymous')
    await part(v.page, 'launcher').click()
    await part(v.page, 'panel').waitFor({ state: 'visible' })
    expect(await ask(v.page, 'Do you ship abroad?')).toBe('Yes, we ship worldwide.')
    expect(await v.page.evaluate(() => document.head.querySelectorAll('script').length)).toBe(
      await v.page.evaluate(
        () => document.head.querySelectorAll('script[src$="widget.js"]').length,
      ),
    )
    expectClean(v, stack)
  })

  it.each([
    ['blocked (network)', 'abort'],
    ['tampered (fails its SRI hash)', 'tamper'],
  ] as const)(
    'keeps a working launcher when the app is %s, and retries on the next click',
    async (_, how) => {
      const { stack } = suite
      stack.upstream.next({ answer: 'Back again.' })
      const v = await suite.open('basic.html', {})
      const pattern = /\/widget\/app\.[\w-]{16}\.js$/
      await v.page.route(pattern, (route) =>
        how === 'abort'
          ? route.abort()
          : route.fulfill({
              status: 200,
              contentType: 'text/javascript',
              headers: { 'Access-Control-Allow-Origin': '*' },
              body: 'window.__owned = true',
            }),
      )
      const hostBefore = await v.page.evaluate(() => document.body.innerHTML.length)
      await part(v.page, 'launcher').click()
      const launcher = part(v.page, 'launcher')
      await v.page.waitForFunction(() =>
        document
          .getElementById('parley-widget')
          ?.shadowRoot?.querySelector('[data-parley="launcher"]')
          ?.classList.contains('fail'),
      )
      expect(await launcher.getAttribute('title')).toBe('Chat unavailable')
      expect(
        await v.page.evaluate(() => (window as unknown as { __owned?: boolean }).__owned),
      ).toBe(undefined)
      expect(await v.page.evaluate(() => document.body.innerHTML.length)).toBe(hostBefore)
      await v.page.unroute(pattern)
      await launcher.click()
      await part(v.page, 'panel').waitFor({ state: 'visible' })
      expect(await launcher.getAttribute('title')).toBeFalsy()
      expect(await ask(v.page, 'Still there?')).toBe('Back again.')
      expectClean(v, stack, {
        allowConsole: [/integrity|digest|Failed to load resource|ERR_FAILED/i],
      })
    },
  )

  it('a second copy of the script tag never makes a second widget', async () => {
    const { stack } = suite
    const v = await suite.open('basic.html')
    await part(v.page, 'launcher').waitFor()
    await v.page.evaluate(
      (src) =>
        new Promise((resolve) => {
          const again = document.createElement('script')
          again.src = src
          again.onload = resolve
          document.body.append(again)
        }),
      `${stack.relayUrl}/widget.js`,
    )
    expect(await v.page.locator('#parley-widget').count()).toBe(1)
    expectClean(v, stack)
  })
})
