/**
 * Identity and history in a real browser (Chromium): a signed-in customer sees the same
 * conversations on two devices (two browser contexts), the history view works by keyboard and
 * passes axe, tabs sharing a session stay in step, and "forget me" leaves the browser's storage
 * empty.
 */
import { sign } from 'hono/jwt'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { auditWidget } from './harness/axe.ts'
import { upstreamCalls } from './harness/stack.ts'
import { browserSuite, expectClean } from './harness/suite.ts'
import { ask, focusedPart, messages, openPanel, part, transcript, until } from './harness/widget.ts'

const IDENTITY_SECRET = 'history-test-identity-secret-0123456789abcdef'
const suite = browserSuite({ IDENTITY_SECRET })

const userToken = (sub: string) =>
  sign({ sub, exp: Math.floor(Date.now() / 1000) + 3600 }, IDENTITY_SECRET, 'HS256')

/** The names the history view lists, once it has loaded. */
async function listed(page: Page): Promise<string[]> {
  const view = part(page, 'history-view')
  await view.waitFor()
  await until(
    () => view.getAttribute('aria-busy'),
    (busy) => busy === 'false',
    'the history list to load',
  )
  // A row being renamed or confirming a deletion shows no name.
  return view
    .locator('li')
    .evaluateAll((rows) => rows.map((li) => li.querySelector('.nm')?.textContent ?? '…'))
}

async function openHistory(page: Page): Promise<string[]> {
  await part(page, 'history').click()
  return listed(page)
}

const storageUsed = (page: Page) =>
  page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length }))

describe('conversation history', () => {
  it('a signed-in customer sees the same conversations on a second device; nobody else does', async () => {
    const { stack } = suite
    const token = await userToken('cust-1042')
    stack.upstream.next({ answer: 'Your order ships on Monday.' })
    const phone = await suite.open('basic.html', { tag: { userToken: token } })
    await openPanel(phone.page)
    expect(await ask(phone.page, 'When does it ship?')).toBe('Your order ships on Monday.')

    const laptop = await suite.open('basic.html', { tag: { userToken: token } })
    await openPanel(laptop.page)
    expect(await messages(laptop.page).count(), 'a new device starts with an empty chat').toBe(0)
    expect(await openHistory(laptop.page)).toEqual(['When does it ship?'])
    await part(laptop.page, 'history-view').locator('li .open').first().click()
    await messages(laptop.page, 'assistant').first().waitFor()
    expect(await transcript(laptop.page)).toEqual([
      'user: When does it ship?',
      'assistant: Your order ships on Monday.',
    ])
    expect(await focusedPart(laptop.page)).toBe('input')

    const stranger = await suite.open('basic.html', {
      tag: { userToken: await userToken('cust-7') },
    })
    await openPanel(stranger.page)
    expect(await openHistory(stranger.page)).toEqual([])
    const anonymous = await suite.open('basic.html')
    await openPanel(anonymous.page)
    expect(await openHistory(anonymous.page)).toEqual([])
    for (const v of [phone, laptop, stranger, anonymous]) expectClean(v, stack)
  })

  it('renames and deletes by keyboard alone, with announcements, and passes axe', async () => {
    const { stack } = suite
    const v = await suite.open('basic.html')
    await openPanel(v.page)
    stack.upstream.next({ answer: 'Free returns within 30 days.' })
    await ask(v.page, 'Returns?')
    await part(v.page, 'new').click()
    stack.upstream.next({ answer: 'Sizes 36 to 48.' })
    await ask(v.page, 'Which sizes?')

    await part(v.page, 'history').focus()
    await v.page.keyboard.press('Enter')
    expect(await listed(v.page)).toEqual(['Which sizes?', 'Returns?'])
    expect(await focusedPart(v.page)).toBe('h2')
    expect(await auditWidget(v.page)).toEqual([])

    // Tab: the first conversation, its rename button.
    await v.page.keyboard.press('Tab')
    await v.page.keyboard.press('Tab')
    expect(await focusedPart(v.page)).toBe('rename')
    await v.page.keyboard.press('Enter')
    await v.page.keyboard.press('ControlOrMeta+A')
    await v.page.keyboard.type('Size chart')
    await v.page.keyboard.press('Enter')
    await until(
      () => listed(v.page),
      (names) => names[0] === 'Size chart',
      'the rename',
    )
    expect(await focusedPart(v.page)).toBe('rename')
    const status = part(v.page, 'history-view').locator('[role=status]')
    expect(await status.textContent()).toBe('Renamed to “Size chart”.')
    const renames = upstreamCalls(stack, 'POST', '/name')
    expect(renames.at(-1)?.body).toMatchObject({ name: 'Size chart' })

    await v.page.keyboard.press('Tab')
    expect(await focusedPart(v.page)).toBe('delete')
    await v.page.keyboard.press('Enter')
    expect(await focusedPart(v.page), 'the confirmation starts on Cancel').toBe('button')
    expect(await auditWidget(v.page)).toEqual([])
    await v.page.keyboard.press('Shift+Tab')
    expect(await focusedPart(v.page)).toBe('confirm')
    await v.page.keyboard.press('Enter')
    await until(
      () => listed(v.page),
      (names) => names.length === 1,
      'the deletion',
    )
    expect(await listed(v.page)).toEqual(['Returns?'])
    expect(await status.textContent()).toBe('“Size chart” deleted.')
    expect(upstreamCalls(stack, 'DELETE', '')).toHaveLength(1)
    // The deleted one was on screen: the chat starts afresh.
    await v.page.keyboard.press('Escape')
    await part(v.page, 'input').waitFor()
    expect(await messages(v.page).count()).toBe(0)
    expect(await focusedPart(v.page)).toBe('history')
    expectClean(v, stack)
  })

  it('passes axe in the dark, right-to-left Arabic widget, with a confirmation open', async () => {
    const { stack } = suite
    const v = await suite.open('dark-rtl.html')
    await openPanel(v.page)
    stack.upstream.next({ answer: 'نعم.' })
    await ask(v.page, 'هل تشحنون إلى مصر؟')
    expect(await openHistory(v.page)).toEqual(['هل تشحنون إلى مصر؟'])
    expect(await part(v.page, 'history').getAttribute('aria-label')).toBe('المحادثات')
    expect(await auditWidget(v.page)).toEqual([])
    await part(v.page, 'delete').click()
    expect(await auditWidget(v.page)).toEqual([])
    expectClean(v, stack)
  })

  it('keeps two tabs sharing a session in step (data-persist="browser")', async () => {
    const { stack } = suite
    const first = await suite.open('basic.html', { tag: { persist: 'browser' } })
    const second = await first.context.newPage()
    await second.goto(first.page.url())
    await openPanel(first.page)
    await openPanel(second)
    stack.upstream.next({ answer: 'We ship to Norway.' })
    // The tab acted in is in front (a background tab's timers are throttled to one a second).
    await first.page.bringToFront()
    await ask(first.page, 'Do you ship to Norway?')
    await until(
      () => transcript(second),
      (lines) => lines.length === 2,
      'the answer to show in the other tab',
    )
    expect(await transcript(second)).toEqual([
      'user: Do you ship to Norway?',
      'assistant: We ship to Norway.',
    ])
    await openHistory(first.page)
    await part(first.page, 'delete').first().click()
    await part(first.page, 'confirm').click()
    await until(
      () => messages(second).count(),
      (n) => n === 0,
      'the other tab to drop it',
    )
    expectClean(first, stack)
  })

  it('"forget me" leaves nothing in the browser\'s storage', async () => {
    const { stack } = suite
    const v = await suite.open('basic.html', { tag: { persist: 'browser' } })
    await openPanel(v.page)
    stack.upstream.next({ answer: 'Hello.' })
    await ask(v.page, 'Hi')
    expect(await storageUsed(v.page)).toEqual({ local: 1, session: 0 })
    await openHistory(v.page)
    await part(v.page, 'forget').click()
    await part(v.page, 'confirm').click()
    expect(await storageUsed(v.page)).toEqual({ local: 0, session: 0 })
    expect(await listed(v.page)).toEqual([])
    await v.page.reload()
    await openPanel(v.page)
    expect(await messages(v.page).count(), 'a new visitor after a reload').toBe(0)
    expectClean(v, stack)
  })
})
