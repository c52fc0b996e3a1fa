/**
 * The teaser (teaser.html: data-teaser, data-teaser-delay="1", under the strict CSP), in a real
 * browser (Chromium): the chat app loads in idle time after the page's load event, and a second after
 * it has arrived a bubble beside the launcher invites questions, announced politely, with the
 * launcher's unread dot. Its text opens the chat; Dismiss or Esc puts it away with focus on the
 * launcher; it comes once per tab session (every page view with data-persist="none"); a phone sees
 * only the dot; data-launcher="none" has none.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { auditWidget } from './harness/axe.ts'
import { browserSuite, expectCleanUnderCsp } from './harness/suite.ts'
import { focusedPart, hook, part } from './harness/widget.ts'

const suite = browserSuite()

const TEASER = 'Questions about sizing? Ask us.'

const teaserOf = (page: Page) => page.locator('[data-parley="teaser"]')
const teaserText = (page: Page) => page.locator('[data-parley="teaser"] .tt')
const dismissOf = (page: Page) => page.locator('[data-parley="teaser-close"]')
const dotOf = (page: Page) => page.locator(`${hook('launcher')} .dot`)

/** The texts of the widget's polite status regions that say something. */
const announced = (page: Page) =>
  page.evaluate(() =>
    [
      ...(document
        .querySelector('#parley-widget')
        ?.shadowRoot?.querySelectorAll('[role="status"]') ?? []),
    ]
      .map((el) => el.textContent?.trim() ?? '')
      .filter((text) => text !== ''),
  )

/** When (the page's clock, ms) a file of the widget matching `name` started and finished loading. */
const loadedFile = (page: Page, name: RegExp) =>
  page.evaluate((source) => {
    const re = new RegExp(source)
    const entry = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find(
      (e) => re.test(e.name),
    )
    return entry ? { start: entry.startTime, end: entry.responseEnd } : null
  }, name.source)
const APP = /\/widget\/app\.[\w-]+\.js$/
const LOOK = /\/widget\/look\.[\w-]+\.js$/

/**
 * Watches the widget's shadow root from now on (the page has loaded, the teaser is not there yet)
 * and returns when the teaser came, on the page's clock: a mutation observer's time, not a poll's.
 */
async function watchTeaser(page: Page, timeout = 10_000): Promise<number> {
  const already = await page.evaluate(() => {
    const root = document.querySelector('#parley-widget')?.shadowRoot
    if (!root) throw new Error('no #parley-widget shadow root')
    const w = window as unknown as { __teaserAt?: number }
    const seen = () => {
      if (w.__teaserAt === undefined && root.querySelector('[data-parley="teaser"]')) {
        w.__teaserAt = performance.now()
      }
    }
    new MutationObserver(seen).observe(root, { childList: true, subtree: true })
    return !!root.querySelector('[data-parley="teaser"]')
  })
  expect(already, 'no teaser yet when the page has loaded').toBe(false)
  await teaserOf(page).waitFor({ timeout })
  const at = await page.evaluate(() => (window as unknown as { __teaserAt?: number }).__teaserAt)
  if (at === undefined) throw new Error('the teaser came unseen')
  return at
}

/** This tab's teaser keys in sessionStorage, with their values. */
const teaserKeys = (page: Page) =>
  page.evaluate(() =>
    Object.fromEntries(Object.entries(sessionStorage).filter(([key]) => key.endsWith(':teaser'))),
  )

/** Waits until the look chunk (which holds the teaser) is in this document, then `ms` more. */
async function lookLoadedAnd(page: Page, ms: number): Promise<void> {
  await expect.poll(() => loadedFile(page, LOOK), { timeout: 10_000 }).not.toBeNull()
  await page.waitForTimeout(ms)
}

describe('the teaser beside the launcher (data-teaser)', () => {
  it('shows a second after the app arrived, announced, with the dot; its text opens the chat, and a reload of the tab shows it no more', async () => {
    const { stack } = suite
    const csp = (await fetch(stack.page('teaser.html'))).headers.get('content-security-policy')
    expect(csp, 'served under the strict CSP').toContain(`script-src 'self' ${stack.relayUrl}`)
    const v = await suite.open('teaser.html')
    expect(await dotOf(v.page).isVisible(), 'no dot before the teaser').toBe(false)

    const shown = await watchTeaser(v.page)
    const timing = await v.page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming
      return { load: nav.loadEventStart }
    })
    const app = await loadedFile(v.page, APP)
    const look = await loadedFile(v.page, LOOK)
    expect(app && look, 'the app and its look chunk loaded').toBeTruthy()
    if (app && look) {
      // The app comes in idle time after the page's load event, unasked.
      expect(app.start).toBeGreaterThanOrEqual(timing.load)
      // data-teaser-delay="1": a second after the look chunk (which holds it) arrived, not before.
      expect(shown - look.end, 'not before the delay').toBeGreaterThanOrEqual(990)
      expect(shown - look.end, 'about a second, not the default 3').toBeLessThan(2900)
    }

    const teaser = teaserOf(v.page)
    expect(await teaser.getAttribute('part')).toBe('teaser')
    expect((await teaserText(v.page).textContent())?.trim()).toBe(TEASER)
    expect(await v.page.getByRole('button', { name: TEASER }).count()).toBe(1)
    expect(await v.page.getByRole('button', { name: 'Dismiss' }).count()).toBe(1)
    await expect.poll(() => announced(v.page)).toEqual([TEASER])
    await expect
      .poll(() => dotOf(v.page).isVisible(), { message: 'the launcher’s unread dot' })
      .toBe(true)
    expect(await part(v.page, 'panel').isVisible()).toBe(false)

    // Beside the launcher: above it, on its side, not over it.
    const box = await teaser.boundingBox()
    const launcher = await part(v.page, 'launcher').boundingBox()
    expect(box && launcher).toBeTruthy()
    if (box && launcher) {
      expect(box.y + box.height).toBeLessThanOrEqual(launcher.y)
      expect(box.x + box.width).toBeGreaterThan(launcher.x)
      expect(box.x).toBeGreaterThan(640)
    }
    expect(await auditWidget(v.page)).toEqual([])

    // The page's stylesheet reaches it as ::part(teaser) (constructed: the strict CSP refuses <style>).
    await v.page.evaluate(() => {
      const sheet = new CSSStyleSheet()
      sheet.replaceSync('#parley-widget::part(teaser) { background: rgb(254, 243, 199) }')
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]
    })
    expect(await teaser.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(
      'rgb(254, 243, 199)',
    )

    // Its text opens the chat, focus in the composer; the teaser, its announcement and the dot go.
    await teaserText(v.page).click()
    await part(v.page, 'panel').waitFor({ state: 'visible' })
    await expect.poll(() => focusedPart(v.page)).toBe('input')
    expect(await teaser.count()).toBe(0)
    expect(await dotOf(v.page).isVisible()).toBe(false)
    expect(await announced(v.page)).not.toContain(TEASER)
    expect(await part(v.page, 'launcher').getAttribute('aria-expanded')).toBe('true')
    expect(await teaserKeys(v.page)).toEqual({ [`parley:${stack.relayUrl}#:teaser`]: '1' })

    // Closed, then the tab reloaded: once per tab session, so no teaser and no dot.
    await v.page.keyboard.press('Escape')
    await part(v.page, 'panel').waitFor({ state: 'hidden' })
    await expect.poll(() => focusedPart(v.page)).toBe('launcher')
    await expectCleanUnderCsp(v, suite.stack)
    await v.page.reload()
    await part(v.page, 'launcher').waitFor()
    await lookLoadedAnd(v.page, 1800)
    expect(await teaserOf(v.page).count(), 'no teaser after a reload').toBe(0)
    expect(await dotOf(v.page).isVisible()).toBe(false)
    expect(await announced(v.page)).toEqual([])
    expect(await part(v.page, 'panel').isVisible()).toBe(false)
    await expectCleanUnderCsp(v, suite.stack)
  })

  it.each([
    ['clicking Dismiss', 'click'],
    ['Esc on its text', 'text'],
    ['Esc on Dismiss', 'dismiss'],
  ] as const)('is put away by %s, focus going to the launcher', async (_, how) => {
    const v = await suite.open('teaser.html')
    await teaserOf(v.page).waitFor()
    if (how === 'click') {
      await dismissOf(v.page).click()
    } else {
      // By keyboard: the teaser follows the launcher in the tab order, its text, then Dismiss.
      await part(v.page, 'launcher').focus()
      await v.page.keyboard.press('Tab')
      expect(await focusedPart(v.page)).toBe('button')
      const focused = (el: Element) => el === (el.getRootNode() as ShadowRoot).activeElement
      expect(await teaserText(v.page).evaluate(focused), 'its text').toBe(true)
      if (how === 'dismiss') {
        await v.page.keyboard.press('Tab')
        expect(await focusedPart(v.page)).toBe('teaser-close')
      }
      await v.page.keyboard.press('Escape')
    }
    await teaserOf(v.page).waitFor({ state: 'detached' })
    await expect.poll(() => focusedPart(v.page)).toBe('launcher')
    expect(await part(v.page, 'panel').isVisible(), 'the chat stays closed').toBe(false)
    expect(await announced(v.page)).toEqual([])
    expect(await dotOf(v.page).isVisible(), 'dismissed: the dot goes too').toBe(false)
    await expectCleanUnderCsp(v, suite.stack)
  })

  it('on a phone shows only the dot and the announcement: no bubble over the page', async () => {
    const v = await suite.open('teaser.html', {
      viewport: { width: 375, height: 667 },
      mobile: true,
    })
    await expect.poll(() => announced(v.page), { timeout: 10_000 }).toEqual([TEASER])
    await expect.poll(() => dotOf(v.page).isVisible()).toBe(true)
    expect(await teaserOf(v.page).count(), 'in the DOM').toBe(1)
    expect(await teaserOf(v.page).isVisible(), 'but not shown').toBe(false)
    expect(await teaserOf(v.page).boundingBox()).toBeNull()
    // Where it would be (above the launcher), the page is on top, not the widget.
    const launcher = await part(v.page, 'launcher').boundingBox()
    expect(launcher).toBeTruthy()
    if (launcher) {
      const atProbe = await v.page.evaluate(
        ({ x, y }) =>
          document.elementFromPoint(x, y)?.id ?? document.elementFromPoint(x, y)?.tagName,
        { x: launcher.x - 40, y: launcher.y - 30 },
      )
      expect(atProbe).not.toBe('parley-widget')
    }
    await expectCleanUnderCsp(v, suite.stack)
  })

  it('with data-persist="none" stores nothing and shows again after a reload', async () => {
    const v = await suite.open('teaser.html', { tag: { persist: 'none' } })
    await teaserOf(v.page).waitFor()
    expect(await teaserKeys(v.page)).toEqual({})
    await v.page.reload()
    await teaserOf(v.page).waitFor({ timeout: 10_000 })
    expect(await teaserKeys(v.page)).toEqual({})
    await expectCleanUnderCsp(v, suite.stack)
  })

  it('with data-launcher="none" there is none', async () => {
    const v = await suite.open('teaser.html', { tag: { launcher: 'none' } })
    await expect.poll(() => loadedFile(v.page, APP), { timeout: 10_000 }).not.toBeNull()
    await v.page.waitForTimeout(2000)
    expect(await teaserOf(v.page).count()).toBe(0)
    expect(await announced(v.page)).toEqual([])
    expect(await teaserKeys(v.page)).toEqual({})
    await expectCleanUnderCsp(v, suite.stack)
  })

  it('with a bad data-teaser-delay warns once and waits the default 3 seconds', async () => {
    const warnings: string[] = []
    const v = await suite.open('teaser.html', { tag: { teaserDelay: 'soon' } })
    v.page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text())
    })
    const shown = await watchTeaser(v.page)
    const look = await loadedFile(v.page, LOOK)
    expect(look).toBeTruthy()
    if (look) {
      expect(shown - look.end).toBeGreaterThanOrEqual(2990)
      expect(shown - look.end).toBeLessThan(4900)
    }
    expect(warnings).toEqual(['[parley] data-teaser-delay="soon" is not valid; using the default'])
    await expectCleanUnderCsp(v, suite.stack)
  })
})
