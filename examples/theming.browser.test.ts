/**
 * A host stylesheet theming the widget (themed.html + themed.css, under the strict CSP), in a real
 * browser (Chromium): custom properties on the host element size, round, set in type and colour the
 * window, ::part() restyles launcher, header, bubbles and composer, and text on the accent stays
 * readable (WCAG AA) whatever accent the page picks.
 */
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { auditWidget } from './harness/axe.ts'
import { luminance, styleOf } from './harness/styles.ts'
import { browserSuite, expectCleanUnderCsp } from './harness/suite.ts'
import { ask, openPanel, part } from './harness/widget.ts'

const suite = browserSuite()

/** WCAG contrast ratio of two CSS colours as the page resolves them. */
async function contrast(page: Page, a: string, b: string): Promise<number> {
  const [la, lb] = [await luminance(page, a), await luminance(page, b)]
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05)
}

const colours = (el: Locator) => styleOf(el, ['color', 'background-color'])

describe('a host stylesheet theming the widget', () => {
  it('reaches the whole window through custom properties and ::part(), with readable text on the accent', async () => {
    const { stack } = suite
    stack.upstream.next({ answer: 'Our boots are waterproof.' })
    const v = await suite.open('themed.html')
    const launcher = part(v.page, 'launcher')
    await launcher.waitFor()
    const button = await styleOf(launcher, ['background-color', 'color', 'box-shadow'])
    expect(button['background-color']).toBe('rgb(253, 224, 71)')
    expect(button['box-shadow']).toContain('rgb(31, 41, 51) 0px 0px 0px 3px')
    expect(
      await contrast(v.page, button.color ?? '', button['background-color'] ?? ''),
    ).toBeGreaterThanOrEqual(4.5)

    await openPanel(v.page)
    const panel = part(v.page, 'panel')
    const box = await styleOf(panel, ['border-top-left-radius', 'width', 'height', 'font-family'])
    expect(box).toMatchObject({
      'border-top-left-radius': '4px',
      width: '420px',
      height: '560px',
      'font-family': 'Georgia, "Times New Roman", serif',
    })
    const header = await styleOf(panel.locator('[part=header]'), [
      'background-color',
      'color',
      'letter-spacing',
    ])
    expect(header['background-color']).toBe('rgb(253, 224, 71)')
    expect(header['letter-spacing']).not.toBe('normal')
    expect(
      await contrast(v.page, header.color ?? '', header['background-color'] ?? ''),
    ).toBeGreaterThanOrEqual(4.5)

    expect(await ask(v.page, 'Are they waterproof?')).toBe('Our boots are waterproof.')
    const user = await colours(panel.locator('[part="message user"]'))
    const answer = await colours(panel.locator('[part="message assistant"]').last())
    expect(user).toMatchObject({
      'background-color': 'rgb(30, 58, 138)',
      color: 'rgb(255, 255, 255)',
    })
    expect(answer).toMatchObject({
      'background-color': 'rgb(254, 243, 199)',
      color: 'rgb(31, 41, 51)',
    })
    expect(
      (await colours(part(v.page, 'send').locator('xpath=ancestor::form[1]')))['background-color'],
    ).toBe('rgb(255, 251, 235)')
    // The send button is on the accent too.
    const send = await colours(part(v.page, 'send'))
    expect(
      await contrast(v.page, send.color ?? '', send['background-color'] ?? ''),
    ).toBeGreaterThanOrEqual(4.5)
    expect(await auditWidget(v.page)).toEqual([])
    await expectCleanUnderCsp(v, stack)
  })
})
