/**
 * The page as context (context.html + context.js: data-context="url,title", under the strict CSP), in
 * a real browser (Chromium): each message carries the page's address and title as the Dify inputs
 * `page_url` / `page_title`, read as it is sent (a single-page app's history.pushState and title change
 * count), only the ones the app declares (cut to their maximum length), never asked for in the start
 * form, and Parley.setInputs() wins over them. What the test upstream received is the proof.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { auditWidget } from './harness/axe.ts'
import { chatRequests, type Stack } from './harness/stack.ts'
import { browserSuite, expectCleanUnderCsp } from './harness/suite.ts'
import { ask, messages, openPanel, part, textOf, until } from './harness/widget.ts'

const BOOTS = 'Boots — Trailhead Outfitters'
const PACKS = 'Packs — Trailhead Outfitters'
const START_FORM = '[data-parley="start-form"]'

/** A text input of the app's user input form. */
const text = (variable: string, label: string, required: boolean, max_length = 256) => ({
  'text-input': { variable, label, required, max_length },
})

/** The inputs of the chat messages upstream received since `from` (a count of them). */
const inputsSince = (stack: Stack, from: number) =>
  chatRequests(stack)
    .slice(from)
    .map((r) => r.body.inputs)

/** Follows the page's own link to its packs section (history.pushState, a new title; no reload). */
async function goToPacks(page: Page): Promise<void> {
  const before = page.url()
  await page.getByRole('link', { name: 'Packs' }).click()
  await expect.poll(() => page.title()).toBe(PACKS)
  expect(page.url()).toMatch(/\/context\.html\?section=packs$/)
  expect(
    await page.evaluate(() => performance.getEntriesByType('navigation').length),
    'no reload',
  ).toBe(1)
  expect(before).not.toBe(page.url())
}

/**
 * Opens the chat and waits for Dify's opening statement: the app's settings, its declared inputs
 * among them, are in (a message sent before they are goes without the page: see the last test of
 * the first describe).
 */
async function openChat(page: Page): Promise<void> {
  await openPanel(page)
  await page
    .locator('[data-parley="messages"]', { hasText: 'Hello! How can I help you today?' })
    .waitFor()
}

describe('an app that declares page_url and page_title (both required)', () => {
  const suite = browserSuite(
    {},
    {
      upstream: {
        app: {
          userInputForm: [text('page_url', 'Page', true), text('page_title', 'Page title', true)],
        },
      },
    },
  )

  it('gets the page’s address and title with each message, as they are when it is sent', async () => {
    const { stack } = suite
    const csp = (await fetch(stack.page('context.html'))).headers.get('content-security-policy')
    expect(csp, 'served under the strict CSP').toContain(`script-src 'self' ${stack.relayUrl}`)
    const from = chatRequests(stack).length
    const v = await suite.open('context.html')
    const home = stack.page('context.html')
    expect(await v.page.title()).toBe(BOOTS)

    await openChat(v.page)
    await part(v.page, 'input').waitFor({ state: 'visible' })
    expect(await v.page.locator(START_FORM).count(), 'no start form for page_url/page_title').toBe(
      0,
    )
    stack.upstream.next({ answer: 'Our boots run true to size.' })
    expect(await ask(v.page, 'Do these run large?')).toBe('Our boots run true to size.')

    // The single-page app moves on: the next message tells the new address and title.
    await goToPacks(v.page)
    stack.upstream.next({ answer: 'The 45-litre pack fits carry-on limits.' })
    expect(await ask(v.page, 'Which one is carry-on size?')).toBe(
      'The 45-litre pack fits carry-on limits.',
    )

    // Back (popstate): the page's address and title as they are again.
    await v.page.goBack()
    await expect.poll(() => v.page.title()).toBe(BOOTS)
    stack.upstream.next({ answer: 'Yes, in wide too.' })
    expect(await ask(v.page, 'Wide sizes?')).toBe('Yes, in wide too.')

    expect(inputsSince(stack, from)).toEqual([
      { page_url: home, page_title: BOOTS },
      { page_url: `${home}?section=packs`, page_title: PACKS },
      { page_url: home, page_title: BOOTS },
    ])
    expect(await auditWidget(v.page)).toEqual([])
    await expectCleanUnderCsp(v, suite.stack)
  })

  it('lets Parley.setInputs() win over the page’s title, the address still following the page', async () => {
    const { stack } = suite
    const from = chatRequests(stack).length
    const v = await suite.open('context.html')
    await part(v.page, 'launcher').waitFor()
    await v.page.evaluate(() =>
      (window as unknown as { Parley: { setInputs(i: object): void } }).Parley.setInputs({
        page_title: 'Order 4417',
      }),
    )
    await openChat(v.page)
    stack.upstream.next({ answer: 'Order 4417 ships today.' })
    expect(await ask(v.page, 'When does it ship?')).toBe('Order 4417 ships today.')
    await goToPacks(v.page)
    stack.upstream.next({ answer: 'Still today.' })
    expect(await ask(v.page, 'And now?')).toBe('Still today.')
    const home = stack.page('context.html')
    expect(inputsSince(stack, from)).toEqual([
      { page_url: home, page_title: 'Order 4417' },
      { page_url: `${home}?section=packs`, page_title: 'Order 4417' },
    ])
    await expectCleanUnderCsp(v, suite.stack)
  })

  // Parley.send() replayed as the app starts: the message waits for GET /api/app to say which inputs
  // the app declares (sent at once, the context was left out and the relay answered 400).
  it('sends them with a question a page button asks before the chat app has loaded', async () => {
    const { stack } = suite
    const from = chatRequests(stack).length
    stack.upstream.next({ answer: 'Take your usual size.' })
    const v = await suite.open('context.html')
    await part(v.page, 'launcher').waitFor()
    await v.page.getByRole('button', { name: 'Ask which size to take' }).click()
    await part(v.page, 'panel').waitFor({ state: 'visible' })
    const answer = messages(v.page, 'assistant').first()
    const state = await until(
      () => answer.getAttribute('data-state', { timeout: 1000 }).catch(() => null),
      (s) => s === 'done' || s === 'error',
      'the answer to end',
      15_000,
    )
    expect({ state, text: await textOf(answer), inputs: inputsSince(stack, from) }).toEqual({
      state: 'done',
      text: 'Take your usual size.',
      inputs: [{ page_url: stack.page('context.html'), page_title: BOOTS }],
    })
    await expectCleanUnderCsp(v, suite.stack)
  })
})

describe('an app that declares page_url only (max_length 40)', () => {
  const suite = browserSuite(
    {},
    { upstream: { app: { userInputForm: [text('page_url', 'Page', false, 40)] } } },
  )

  it('gets page_url cut to 40 characters and no page_title; the chat works', async () => {
    const { stack } = suite
    const from = chatRequests(stack).length
    const v = await suite.open('context.html')
    const statuses: number[] = []
    v.page.on('response', (r) => {
      if (new URL(r.url()).pathname === '/api/chat') statuses.push(r.status())
    })
    await openChat(v.page)
    stack.upstream.next({ answer: 'Boots, then.' })
    expect(await ask(v.page, 'What is this page?')).toBe('Boots, then.')
    await goToPacks(v.page)
    stack.upstream.next({ answer: 'Packs, now.' })
    expect(await ask(v.page, 'And this one?')).toBe('Packs, now.')
    const packs = `${stack.page('context.html')}?section=packs`
    expect(packs.length).toBeGreaterThan(40)
    expect(inputsSince(stack, from)).toEqual([
      { page_url: stack.page('context.html').slice(0, 40) },
      { page_url: packs.slice(0, 40) },
    ])
    expect(statuses, 'the relay took both (no 400 for an undeclared input)').toEqual([200, 200])
    await expectCleanUnderCsp(v, suite.stack)
  })
})

describe('an app that declares page_url, page_title and a name, all required', () => {
  const suite = browserSuite(
    {},
    {
      upstream: {
        app: {
          userInputForm: [
            text('page_url', 'Page', true),
            text('name', 'Your name', true, 40),
            text('page_title', 'Page title', true),
          ],
        },
      },
    },
  )

  it('asks only for the name in the start form; the page goes with the message', async () => {
    const { stack } = suite
    const from = chatRequests(stack).length
    const v = await suite.open('context.html')
    await openPanel(v.page)
    const form = v.page.locator(START_FORM)
    await form.waitFor()
    expect(
      await form
        .locator('input, textarea, select')
        .evaluateAll((els) =>
          els.map((el) => (el as HTMLInputElement).labels?.[0]?.textContent?.trim()),
        ),
    ).toEqual([expect.stringMatching(/^Your name/)])
    expect(await form.textContent()).not.toMatch(/Page/)
    expect(await auditWidget(v.page)).toEqual([])
    await form.locator('input').fill('Ada')
    await form.locator('[data-parley="start"]').click()
    await part(v.page, 'input').waitFor()
    stack.upstream.next({ answer: 'Hello Ada.' })
    expect(await ask(v.page, 'Hi')).toBe('Hello Ada.')
    expect(inputsSince(stack, from)).toEqual([
      { name: 'Ada', page_url: stack.page('context.html'), page_title: BOOTS },
    ])
    await expectCleanUnderCsp(v, suite.stack)
  })
})
