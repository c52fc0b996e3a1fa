import { describe, expect, it } from 'vitest'
import { cspViolations } from './harness/browser.ts'
import { luminance, styleOf } from './harness/styles.ts'
import { browserSuite, expectClean, expectCleanUnderCsp } from './harness/suite.ts'
import { ask, hook, openPanel, part } from './harness/widget.ts'
import { listPages } from './server.ts'

const suite = browserSuite()

/** Pages with a test file of their own: no launcher to open (own-button), a relay with two apps (two-widgets). */
const OWN_TESTS = ['own-button.html', 'two-widgets.html']

describe('example pages', () => {
  it('every page boots the widget with no console error and no request beyond the relay', async () => {
    const { stack } = suite
    for (const name of (await listPages()).filter((p) => !OWN_TESTS.includes(p))) {
      const v = await suite.open(name)
      // The loader draws a launcher (bubble pages); inline pages get the panel straight away.
      await v.page
        .locator(`${hook('launcher')}, ${hook('panel')}`)
        .first()
        .waitFor()
      if (await part(v.page, 'launcher').count()) await openPanel(v.page)
      await part(v.page, 'input').waitFor({ state: 'visible' })
      const widgetRequests = v.requests.filter((url) => url.startsWith(stack.relayUrl))
      expect(widgetRequests, name).toContain(`${stack.relayUrl}/widget.js`)
      expectClean(v, stack)
    }
  })

  it('inline.html renders the chat inside its target element, without a bubble', async () => {
    const { stack } = suite
    stack.upstream.next({ answer: 'Measure in the evening.' })
    const v = await suite.open('inline.html')
    const panel = part(v.page, 'panel')
    await panel.waitFor({ state: 'visible' })
    expect(await part(v.page, 'launcher').count()).toBe(0)
    expect(await v.page.locator('#chat #parley-widget').count(), 'the host sits in #chat').toBe(1)
    const target = await v.page.locator('#chat').boundingBox()
    const box = await panel.boundingBox()
    expect(target && box).toBeTruthy()
    if (target && box) {
      expect(box.x).toBeGreaterThanOrEqual(target.x - 1)
      expect(box.y).toBeGreaterThanOrEqual(target.y - 1)
      expect(box.x + box.width).toBeLessThanOrEqual(target.x + target.width + 1)
      expect(box.y + box.height).toBeLessThanOrEqual(target.y + target.height + 1)
      expect(box.height, 'fills its container').toBeGreaterThan(target.height * 0.9)
    }
    expect(await ask(v.page, 'How do I pick a size?')).toBe('Measure in the evening.')
    expectClean(v, stack)
  })

  it('dark-rtl.html shows a dark, right-to-left, Arabic widget on the left', async () => {
    const { stack } = suite
    stack.upstream.next({ answer: 'نعم، كل أحذيتنا مقاومة للماء.' })
    const v = await suite.open('dark-rtl.html')
    const launcher = await part(v.page, 'launcher').boundingBox()
    expect(launcher && launcher.x < 640, 'the bubble is on the left').toBe(true)
    await openPanel(v.page)
    const panel = await styleOf(part(v.page, 'panel'), ['direction', 'background-color', 'color'])
    expect(panel.direction).toBe('rtl')
    expect(await luminance(v.page, panel['background-color'] ?? '')).toBeLessThan(0.2)
    expect(await luminance(v.page, panel.color ?? '')).toBeGreaterThan(0.5)
    expect(await part(v.page, 'input').getAttribute('placeholder')).toMatch(/[\u0600-\u06ff]/)
    expect(await ask(v.page, 'هل الأحذية مقاومة للماء؟')).toBe('نعم، كل أحذيتنا مقاومة للماء.')
    expectClean(v, stack)
  })

  it('strict-csp.html: the widget chats under a strict CSP without a single violation', async () => {
    const { stack } = suite
    stack.upstream.next({ answer: 'Your card is on its way.' })
    const v = await suite.open('strict-csp.html')
    const response = await v.page.reload()
    expect(response?.headers()['content-security-policy']).toContain(
      `script-src 'self' ${stack.relayUrl}`,
    )
    await openPanel(v.page)
    expect(await ask(v.page, 'Where is my card?')).toBe('Your card is on its way.')
    await expectCleanUnderCsp(v, stack)

    // The detector works: an inline script is refused and reported.
    await v.page.addScriptTag({ content: 'window.inlineRan = true' }).catch(() => {})
    expect(await cspViolations(v.page)).toEqual([expect.stringMatching(/^script-src/)])
  })
})
