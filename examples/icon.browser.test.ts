/**
 * The launcher's glyph (basic.html: the chat bubble, and open the ×, drawn by the stylesheets),
 * its icon and the expand toggle (icon.html: data-icon="help-icon.svg", and icon-none.html:
 * data-icon="none" with icon-none.css drawing on ::part(launcher); both under the strict CSP), in a
 * real browser (Chromium). The page's image, from its own origin, stands in for the chat glyph while
 * the panel is closed; open, the launcher shows its × and not the image; its name stays "Chat". With
 * data-icon="none" there is no glyph and the page's stylesheet paints the launcher. The bubble's
 * header has an Expand toggle that makes the window fill the browser window and back; a phone, where
 * the window fills the screen already, does not show it, and the inline mode has none.
 */
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { CHAT_GLYPH, CLOSE_GLYPH } from '../widget/src/loader/glyphs.ts'
import { auditWidget } from './harness/axe.ts'
import { styleOf } from './harness/styles.ts'
import { browserSuite, expectClean, expectCleanUnderCsp } from './harness/suite.ts'
import { ask, focusedPart, hook, isOnTop, part } from './harness/widget.ts'

const suite = browserSuite()

const iconOf = (page: Page) => page.locator(`${hook('launcher')} img`)
/**
 * The launcher's glyph as painted: 'chat', '×', or '' for none (its box not displayed), told by the
 * box's computed clip-path against each shape's, and its size.
 */
const glyphOf = (page: Page) =>
  page.locator(`${hook('launcher')} .g`).evaluate(
    (box, shapes) => {
      const style = getComputedStyle(box)
      if (style.display === 'none') return ''
      const { width, height } = box.getBoundingClientRect()
      const probe = document.body.appendChild(document.createElement('i'))
      const computed = (shape: string) => {
        probe.style.clipPath = shape
        return getComputedStyle(probe).clipPath
      }
      const [chat, close] = [computed(shapes.chat), computed(shapes.close)]
      probe.remove()
      const name =
        style.clipPath === chat ? 'chat' : style.clipPath === close ? '×' : style.clipPath
      return `${name} ${width}×${height}`
    },
    { chat: CHAT_GLYPH, close: CLOSE_GLYPH },
  )
const CHAT = 'chat 26×26'
const CLOSE = '× 26×26'
const expandOf = (page: Page) => page.locator('[data-parley="expand"]')

/** Whether the image has arrived and decoded: a broken or refused one has no natural width. */
const loaded = (img: Locator) =>
  img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)

/** The launcher's accessible name, found the way a screen reader user would: the button named Chat. */
const namedChat = (page: Page) =>
  page.getByRole('button', { name: 'Chat', exact: true }).getAttribute('data-parley')

/** The image sits in the middle of the launcher, at its 32×32. */
async function expectCentredIcon(page: Page): Promise<void> {
  const icon = await iconOf(page).boundingBox()
  const launcher = await part(page, 'launcher').boundingBox()
  expect(icon && launcher, 'the image and the launcher have boxes').toBeTruthy()
  if (!icon || !launcher) return
  expect({ width: icon.width, height: icon.height }).toEqual({ width: 32, height: 32 })
  const centre = (b: { x: number; y: number; width: number; height: number }) => ({
    x: b.x + b.width / 2,
    y: b.y + b.height / 2,
  })
  const [a, b] = [centre(icon), centre(launcher)]
  expect(Math.abs(a.x - b.x), 'centred across').toBeLessThanOrEqual(1)
  expect(Math.abs(a.y - b.y), 'centred down').toBeLessThanOrEqual(1)
}

describe('the launcher’s glyph', () => {
  it('without data-icon is the chat bubble in the launcher’s text colour, before and after the app loads; open, the ×', async () => {
    const v = await suite.open('basic.html')
    const launcher = part(v.page, 'launcher')
    await launcher.waitFor()
    expect(await glyphOf(v.page)).toBe(CHAT)
    const colours = () =>
      launcher.evaluate((button) => [
        getComputedStyle(button).color,
        getComputedStyle(button.querySelector('.g') as Element).backgroundColor,
      ])
    const [text, glyph] = await colours()
    expect(glyph, 'painted in the text colour').toBe(text)
    await launcher.hover()
    await v.page.locator(`${hook('launcher')} .dot`).waitFor({ state: 'attached' })
    expect(await glyphOf(v.page), 'the app’s stylesheet keeps it').toBe(CHAT)
    await launcher.click()
    await part(v.page, 'panel').waitFor({ state: 'visible' })
    await expect.poll(() => glyphOf(v.page), { message: 'open: the ×' }).toBe(CLOSE)
    expect(await colours().then(([t, g]) => t === g)).toBe(true)
    await v.page.keyboard.press('Escape')
    await part(v.page, 'panel').waitFor({ state: 'hidden' })
    expect(await glyphOf(v.page)).toBe(CHAT)
    expect(await auditWidget(v.page)).toEqual([])
    expectClean(v, suite.stack)
  })
})

describe('the launcher’s icon (data-icon)', () => {
  it('shows the page’s image, from its own origin, instead of the chat glyph; the launcher is still named Chat', async () => {
    const { stack } = suite
    const svg = await fetch(stack.page('help-icon.svg'))
    expect(svg.status).toBe(200)
    expect(svg.headers.get('content-type')).toBe('image/svg+xml')
    const v = await suite.open('icon.html')
    const response = await v.page.reload()
    expect(response?.headers()['content-security-policy'], 'under the strict CSP').toContain(
      `img-src 'self' ${stack.relayUrl}`,
    )
    const launcher = part(v.page, 'launcher')
    await launcher.waitFor()
    const icon = iconOf(v.page)
    expect(await icon.count()).toBe(1)
    // As the tag has it, resolved against the page: from the page's own origin.
    expect(await icon.getAttribute('src')).toBe('help-icon.svg')
    expect(await icon.evaluate((el: HTMLImageElement) => el.src)).toBe(stack.page('help-icon.svg'))
    expect(await icon.getAttribute('alt'), 'says nothing more than the button').toBe('')
    await expect.poll(() => loaded(icon), { message: 'the image loaded' }).toBe(true)
    expect(v.requests).toContain(stack.page('help-icon.svg'))
    expect(await icon.isVisible()).toBe(true)
    expect(await styleOf(icon, ['object-fit'])).toMatchObject({ 'object-fit': 'contain' })
    expect(await glyphOf(v.page), 'no chat glyph').toBe('')
    expect(await namedChat(v.page)).toBe('launcher')
    expect(await auditWidget(v.page)).toEqual([])
    await expectCleanUnderCsp(v, suite.stack)
  })

  it('sits in the middle of the launcher at 32×32, before and after the app has loaded', async () => {
    const v = await suite.open('icon.html')
    const launcher = part(v.page, 'launcher')
    await launcher.waitFor()
    await expect.poll(() => loaded(iconOf(v.page))).toBe(true)
    await expectCentredIcon(v.page)
    // Hovering loads the app (data-preload="intent"), which adopts its own stylesheet.
    await launcher.hover()
    await v.page.locator(`${hook('launcher')} .dot`).waitFor({ state: 'attached' })
    await expectCentredIcon(v.page)
    await expectCleanUnderCsp(v, suite.stack)
  })

  it('open, the launcher shows its × and not the image; closed again, the image and no glyph', async () => {
    const v = await suite.open('icon.html')
    const launcher = part(v.page, 'launcher')
    await launcher.waitFor()
    const icon = iconOf(v.page)
    await expect.poll(() => loaded(icon)).toBe(true)

    // Open (keyboard: Enter on the launcher): the × and no image.
    await launcher.focus()
    await v.page.keyboard.press('Enter')
    await part(v.page, 'panel').waitFor({ state: 'visible' })
    await expect.poll(() => glyphOf(v.page), { message: 'the × glyph' }).toBe(CLOSE)
    expect(await launcher.getAttribute('aria-expanded')).toBe('true')
    await expect.poll(() => icon.isVisible(), { message: 'the image not shown' }).toBe(false)
    expect(await namedChat(v.page)).toBe('launcher')
    expect(await auditWidget(v.page)).toEqual([])

    // Closed again (Esc): the image is back, still loaded, and no glyph.
    await v.page.keyboard.press('Escape')
    await part(v.page, 'panel').waitFor({ state: 'hidden' })
    await expect.poll(() => icon.isVisible(), { message: 'the image back' }).toBe(true)
    expect(await glyphOf(v.page)).toBe('')
    expect(await loaded(icon)).toBe(true)
    expect(await launcher.getAttribute('aria-expanded')).toBe('false')
    expect(await namedChat(v.page)).toBe('launcher')

    // And once more with the mouse.
    await launcher.click()
    await part(v.page, 'panel').waitFor({ state: 'visible' })
    await expect.poll(() => glyphOf(v.page)).toBe(CLOSE)
    await expect.poll(() => icon.isVisible()).toBe(false)
    await launcher.click()
    await part(v.page, 'panel').waitFor({ state: 'hidden' })
    await expect.poll(() => icon.isVisible()).toBe(true)
    expect(await glyphOf(v.page)).toBe('')
    expect(await auditWidget(v.page)).toEqual([])
    await expectCleanUnderCsp(v, suite.stack)
  })

  it('with data-icon="none" draws no glyph, and the page’s stylesheet paints the launcher through ::part(launcher)', async () => {
    const { stack } = suite
    const v = await suite.open('icon-none.html')
    const response = await v.page.reload()
    expect(response?.headers()['content-security-policy'], 'under the strict CSP').toContain(
      `img-src 'self' ${stack.relayUrl}`,
    )
    const launcher = part(v.page, 'launcher')
    await launcher.waitFor()
    expect(await iconOf(v.page).count(), 'no image').toBe(0)
    expect(await glyphOf(v.page), 'no glyph').toBe('')
    expect(await namedChat(v.page)).toBe('launcher')
    // icon-none.css: its colour and its image (relative to the stylesheet, from the page's origin).
    const painted = await styleOf(launcher, [
      'background-color',
      'background-image',
      'background-size',
      'background-repeat',
    ])
    expect(painted).toMatchObject({
      'background-color': 'rgb(15, 118, 110)',
      'background-image': `url("${stack.page('help-icon.svg')}")`,
      'background-size': '32px auto',
      'background-repeat': 'no-repeat',
    })
    await expect
      .poll(() => v.requests.includes(stack.page('help-icon.svg')), {
        message: 'the background image was fetched',
      })
      .toBe(true)
    expect(await auditWidget(v.page)).toEqual([])

    await launcher.click()
    await part(v.page, 'panel').waitFor({ state: 'visible' })
    await expect.poll(() => glyphOf(v.page), { message: 'open: the × glyph' }).toBe(CLOSE)
    // The host says it is open, so the page's stylesheet takes its image away from under the ×.
    expect(await styleOf(launcher, ['background-image', 'background-color'])).toMatchObject({
      'background-image': 'none',
      'background-color': 'rgb(15, 118, 110)',
    })
    expect(await namedChat(v.page)).toBe('launcher')
    expect(await auditWidget(v.page)).toEqual([])
    await v.page.keyboard.press('Escape')
    await part(v.page, 'panel').waitFor({ state: 'hidden' })
    await expect.poll(() => glyphOf(v.page), { message: 'closed: no glyph again' }).toBe('')
    expect((await styleOf(launcher, ['background-image']))['background-image']).toBe(
      `url("${stack.page('help-icon.svg')}")`,
    )
    await expectCleanUnderCsp(v, suite.stack)
  })
})

describe('the expand toggle in the bubble’s header', () => {
  it('makes the window fill the browser window and back, from the keyboard, focus staying on it, axe-clean both ways', async () => {
    const { stack } = suite
    stack.upstream.next({ answer: 'Sizes 36 to 48.' })
    const v = await suite.open('icon.html')
    await part(v.page, 'launcher').click()
    const panel = part(v.page, 'panel')
    await panel.waitFor({ state: 'visible' })
    const before = await panel.boundingBox()
    const viewport = v.page.viewportSize()
    expect(before && viewport).toBeTruthy()
    if (!before || !viewport) return
    expect(before.width, 'a window in the corner first').toBeLessThan(viewport.width)
    expect(before.height).toBeLessThan(viewport.height)
    const radius = (await styleOf(panel, ['border-top-left-radius']))['border-top-left-radius']
    expect(radius).not.toBe('0px')

    const expand = expandOf(v.page)
    expect(
      await v.page.getByRole('button', { name: 'Expand', exact: true }).getAttribute('data-parley'),
    ).toBe('expand')
    expect(await expand.getAttribute('aria-pressed')).toBe('false')
    expect(await expand.isVisible()).toBe(true)

    // Tab to it (from the header's button before it) and press Enter.
    await part(v.page, 'new').focus()
    await v.page.keyboard.press('Tab')
    expect(await focusedPart(v.page)).toBe('expand')
    await v.page.keyboard.press('Enter')
    await expect.poll(() => expand.getAttribute('aria-pressed')).toBe('true')
    expect(await panel.getAttribute('class')).toContain('full')
    await expect
      .poll(() => panel.boundingBox(), { message: 'the whole browser window' })
      .toEqual({ x: 0, y: 0, width: viewport.width, height: viewport.height })
    expect(
      await styleOf(panel, ['border-top-left-radius', 'border-bottom-right-radius']),
    ).toMatchObject({
      'border-top-left-radius': '0px',
      'border-bottom-right-radius': '0px',
    })
    expect(await focusedPart(v.page), 'focus stays on the toggle').toBe('expand')
    // Nothing (the launcher, in the same corner) covers the window's controls.
    for (const name of ['expand', 'close', 'input', 'send'] as const) {
      const control = name === 'expand' ? expand : part(v.page, name)
      expect(await isOnTop(control), `nothing covers ${name}`).toBe(true)
    }
    expect(await auditWidget(v.page)).toEqual([])
    // The chat works as before, full size.
    expect(await ask(v.page, 'Which sizes?')).toBe('Sizes 36 to 48.')
    expect(await panel.boundingBox()).toEqual({
      x: 0,
      y: 0,
      width: viewport.width,
      height: viewport.height,
    })

    // Back to it, and Space: the window it was.
    await expand.focus()
    await v.page.keyboard.press('Space')
    await expect.poll(() => expand.getAttribute('aria-pressed')).toBe('false')
    expect(await panel.getAttribute('class')).not.toContain('full')
    await expect.poll(() => panel.boundingBox(), { message: 'the earlier box' }).toEqual(before)
    expect((await styleOf(panel, ['border-top-left-radius']))['border-top-left-radius']).toBe(
      radius,
    )
    expect(await focusedPart(v.page), 'focus stays on the toggle').toBe('expand')
    expect(await auditWidget(v.page)).toEqual([])
    await expectCleanUnderCsp(v, suite.stack)
  })

  it('is not shown on a phone, where the window fills the screen already', async () => {
    const v = await suite.open('icon.html', { viewport: { width: 375, height: 667 }, mobile: true })
    await part(v.page, 'launcher').tap()
    const panel = part(v.page, 'panel')
    await panel.waitFor({ state: 'visible' })
    await expect.poll(() => panel.boundingBox()).toEqual({ x: 0, y: 0, width: 375, height: 667 })
    const expand = expandOf(v.page)
    expect(await expand.count(), 'in the DOM').toBe(1)
    expect(await styleOf(expand, ['display'])).toMatchObject({ display: 'none' })
    expect(await expand.isVisible()).toBe(false)
    expect(await v.page.getByRole('button', { name: 'Expand' }).count()).toBe(0)
    // Tab goes past it: from New conversation straight to Close.
    await part(v.page, 'new').focus()
    await v.page.keyboard.press('Tab')
    expect(await focusedPart(v.page)).toBe('close')
    expect(await auditWidget(v.page)).toEqual([])
    await expectCleanUnderCsp(v, suite.stack)
  })

  it('is absent in the inline mode', async () => {
    const v = await suite.open('inline.html')
    await part(v.page, 'panel').waitFor({ state: 'visible' })
    await part(v.page, 'new').waitFor()
    expect(await expandOf(v.page).count()).toBe(0)
    expectClean(v, suite.stack)
  })
})
