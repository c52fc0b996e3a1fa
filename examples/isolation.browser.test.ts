import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { BOX, differences, hostPageStyles, INHERITED, styleOf } from './harness/styles.ts'
import { browserSuite, expectClean } from './harness/suite.ts'
import { ask, isOnTop, messages, openPanel, part } from './harness/widget.ts'

const suite = browserSuite()
const ALL = [...INHERITED, ...BOX]

/** The widget's key elements, closed and open with one exchange, as computed styles. */
async function widgetLook(page: Page): Promise<Record<string, Record<string, string>>> {
  await part(page, 'launcher').waitFor()
  const look: Record<string, Record<string, string>> = {}
  look['launcher (closed)'] = await styleOf(part(page, 'launcher'), ALL)
  await openPanel(page)
  await ask(page, 'Hello')
  look.launcher = await styleOf(part(page, 'launcher'), ALL)
  look.panel = await styleOf(part(page, 'panel'), ALL)
  look.messages = await styleOf(part(page, 'messages'), ALL)
  look.input = await styleOf(part(page, 'input'), ALL)
  look['user message'] = await styleOf(messages(page, 'user').last(), ALL)
  look['assistant message'] = await styleOf(messages(page, 'assistant').last(), ALL)
  look['new button'] = await styleOf(part(page, 'new'), ALL)
  look['close button'] = await styleOf(part(page, 'close'), ALL)
  await part(page, 'input').fill('draft')
  look['send button'] = await styleOf(part(page, 'send'), ALL)
  return look
}

describe('style isolation', () => {
  it('looks exactly the same on a hostile page (Bootstrap, resets, !important everywhere) as on a plain one', async () => {
    const { stack } = suite
    stack.upstream.next({ answer: 'Hi! How can I help?' }, { answer: 'Hi! How can I help?' })
    const basic = await suite.open('basic.html')
    const expected = await widgetLook(basic.page)
    const hostile = await suite.open('hostile.html')
    const actual = await widgetLook(hostile.page)
    for (const [name, style] of Object.entries(expected)) {
      expect(differences(style, actual[name] ?? {}), name).toEqual([])
    }
    expectClean(basic, stack)
    expectClean(hostile, stack)
  })

  it('stays on top of a hostile page: no page element, whatever its z-index, covers its controls', async () => {
    const { stack } = suite
    stack.upstream.next({ answer: 'On top.' })
    const v = await suite.open('hostile.html')
    await openPanel(v.page)
    await ask(v.page, 'Are you visible?')
    await part(v.page, 'input').fill('draft')
    const covered: string[] = []
    for (const name of ['launcher', 'close', 'new', 'input', 'send'] as const) {
      if (!(await isOnTop(part(v.page, name)))) covered.push(name)
    }
    expect(covered, 'covered by the page').toEqual([])
    expectClean(v, stack)
  })

  for (const name of ['hostile.html', 'basic.html']) {
    it(`leaves every computed style of ${name} unchanged, with the panel open`, async () => {
      const { stack } = suite
      const without = await suite.open(name, { withoutWidget: true })
      const expected = await hostPageStyles(without.page)
      const withWidget = await suite.open(name)
      await openPanel(withWidget.page)
      // The widget reads its app info on open; let it settle before comparing.
      await withWidget.page.waitForTimeout(200)
      expect(differences(expected, await hostPageStyles(withWidget.page))).toEqual([])
      expectClean(withWidget, stack)
    })
  }
})
