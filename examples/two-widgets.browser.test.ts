/**
 * Two widgets on one page (two-widgets.html + two-widgets.js, under the strict CSP), in a real
 * browser (Chromium), against one relay holding two Dify apps (PARLEY_CONFIG): `support`, on this
 * stack's test upstream, and `sales`, on an upstream of its own with another key. Each widget is
 * drawn once, on its own side, talks to its own app, keeps its own conversation, and tells the page
 * its own events.
 */
import { type DifyUpstream, startDifyUpstream } from '@parley/emulator/server'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditWidget, type Violation } from './harness/axe.ts'
import { chatRequests } from './harness/stack.ts'
import { styleOf } from './harness/styles.ts'
import { browserSuite, expectCleanUnderCsp } from './harness/suite.ts'
import { type Hook, hook, textOf, until } from './harness/widget.ts'

/** The sales app's own upstream, started before the stack so that the relay's config can name it. */
let sales: DifyUpstream | undefined
const SALES_KEY = 'app-test-key-sales'
/** Filled in before the stack starts (hooks run in order: this file's first, then the suite's). */
const env: Record<string, string> = {}
beforeAll(async () => {
  sales = await startDifyUpstream({ apiKey: SALES_KEY })
  env.SALES_DIFY_KEY = sales.apiKey
  env.PARLEY_CONFIG = JSON.stringify({
    apps: {
      // The stack's upstream, with its key and URL from the environment the stack sets.
      // biome-ignore lint/suspicious/noTemplateCurlyInString: PARLEY_CONFIG's ${NAME}, read by the relay
      support: { difyApiKey: '${DIFY_API_KEY}' },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: PARLEY_CONFIG's ${NAME}, read by the relay
      sales: { difyApiKey: '${SALES_DIFY_KEY}', difyApiUrl: sales.url },
    },
  })
})
afterAll(async () => {
  await sales?.close()
})

const suite = browserSuite(env)

const salesUpstream = (): DifyUpstream => {
  if (!sales) throw new Error('the sales upstream has not started')
  return sales
}

/** Each widget's host element: the first widget's is #parley-widget, a later one's #parley-widget-<data-app>. */
const HOSTS = { support: '#parley-widget', sales: '#parley-widget-sales' } as const
type App = keyof typeof HOSTS

/** A part of one widget (Playwright's CSS pierces its open shadow root). */
const partOf = (page: Page, app: App, name: Hook) => page.locator(`${HOSTS[app]} ${hook(name)}`)
const messagesOf = (page: Page, app: App, role?: 'user' | 'assistant') =>
  page.locator(`${HOSTS[app]} ${hook('message')}${role ? `[data-role="${role}"]` : ''}`)

async function openWidget(page: Page, app: App): Promise<void> {
  if (await partOf(page, app, 'panel').isVisible()) return
  await partOf(page, app, 'launcher').click()
  await partOf(page, app, 'panel').waitFor({ state: 'visible' })
}

/** Waits for assistant message `index` of `app`'s widget to be done; returns its text. */
async function answerOf(page: Page, app: App, index: number): Promise<string> {
  const message = messagesOf(page, app, 'assistant').nth(index)
  await until(
    () => message.getAttribute('data-state', { timeout: 1000 }).catch(() => null),
    (state) => state === 'done',
    `${app}'s answer ${index} to be done`,
    15_000,
  )
  return textOf(message)
}

/** Types `text` into `app`'s composer, sends it and waits for the answer. */
async function askIn(page: Page, app: App, text: string): Promise<string> {
  const index = await messagesOf(page, app, 'assistant').count()
  await partOf(page, app, 'input').fill(text)
  await partOf(page, app, 'send').click()
  return answerOf(page, app, index)
}

/** The conversation a widget shows: `role: text` per message, in order. */
async function transcriptOf(page: Page, app: App): Promise<string[]> {
  const all = await messagesOf(page, app).all()
  return Promise.all(
    all.map(async (m) => `${await m.getAttribute('data-role')}: ${await textOf(m)}`),
  )
}

/** axe on both widgets' hosts. */
async function auditBoth(page: Page): Promise<Violation[]> {
  return [...(await auditWidget(page)), ...(await auditWidget(page, '#parley-widget-sales'))]
}

/** What the tests use of `window.Parley` (the page's first widget). */
interface ParleyLike {
  get(app?: string): ParleyLike | undefined
  on(event: string, fn: (detail: unknown) => void): () => void
}
type WithParley = { Parley?: ParleyLike }

/** The page's widget hosts (ids) and what (window as unknown as WithParley).Parley and Parley.get answer. */
const widgetsOnPage = (page: Page) =>
  page.evaluate(() => {
    const parley = (window as unknown as WithParley).Parley
    return {
      hosts: [...document.querySelectorAll('[id^="parley-widget"]')].map((el) => el.id),
      firstIsSupport: !!parley && parley === parley.get('support'),
      salesIsAnother: !!parley?.get('sales') && parley.get('sales') !== parley,
      withoutApp: parley?.get() === undefined,
      unknown: parley?.get('docs') === undefined,
    }
  })

/** This tab's conversations by storage key (`parley:<relay>#<data-app>`). */
const conversations = (page: Page) =>
  page.evaluate(() =>
    Object.fromEntries(
      Object.entries(sessionStorage)
        .filter(([key]) => key.startsWith('parley:'))
        .map(([key, value]) => [
          key.slice(key.indexOf('#')),
          (JSON.parse(value) as { conversationId?: string }).conversationId ?? null,
        ]),
    ),
  )

/** two-widgets.html with both launchers drawn. */
async function openWithBoth() {
  const v = await suite.open('two-widgets.html')
  await partOf(v.page, 'support', 'launcher').waitFor()
  await partOf(v.page, 'sales', 'launcher').waitFor()
  return v
}

describe('two widgets on one page, one per app of the relay', () => {
  it('draws each once, on its own side, each chatting with its own app and keeping its own conversation', async () => {
    const { stack } = suite
    const upstreamSales = salesUpstream()
    const supportBefore = chatRequests(stack).length
    const salesBefore = upstreamSales.requests.filter((r) => r.path === '/v1/chat-messages').length
    stack.upstream.next({ answer: 'Measure your foot in the evening.' })
    upstreamSales.next({ answer: 'Teams of ten or more get 15% off.' })

    const v = await suite.open('two-widgets.html')
    const response = await v.page.reload()
    expect(response?.headers()['content-security-policy']).toContain(
      `script-src 'self' ${stack.relayUrl}`,
    )
    await partOf(v.page, 'support', 'launcher').waitFor()
    await partOf(v.page, 'sales', 'launcher').waitFor()
    expect(await widgetsOnPage(v.page)).toEqual({
      hosts: ['parley-widget', 'parley-widget-sales'],
      firstIsSupport: true,
      salesIsAnother: true,
      withoutApp: true,
      unknown: true,
    })
    expect(await v.page.locator(hook('launcher')).count(), 'one launcher each').toBe(2)

    // Support's bubble on the right, sales' on the left: they do not overlap.
    const right = await partOf(v.page, 'support', 'launcher').boundingBox()
    const left = await partOf(v.page, 'sales', 'launcher').boundingBox()
    expect(right && left).toBeTruthy()
    if (right && left) {
      expect(right.x, 'support on the right').toBeGreaterThan(640)
      expect(left.x + left.width, 'sales on the left').toBeLessThan(640)
    }

    await openWidget(v.page, 'support')
    expect(await askIn(v.page, 'support', 'How do I pick a size?')).toBe(
      'Measure your foot in the evening.',
    )
    expect(await messagesOf(v.page, 'sales').count(), 'the sales log is untouched').toBe(0)
    expect(await partOf(v.page, 'sales', 'panel').isVisible()).toBe(false)

    await openWidget(v.page, 'sales')
    expect(await askIn(v.page, 'sales', 'Prices for a team?')).toBe(
      'Teams of ten or more get 15% off.',
    )
    expect(await transcriptOf(v.page, 'support')).toEqual([
      'user: How do I pick a size?',
      'assistant: Measure your foot in the evening.',
    ])
    expect(await transcriptOf(v.page, 'sales')).toEqual([
      'user: Prices for a team?',
      'assistant: Teams of ten or more get 15% off.',
    ])

    // Both windows open side by side, neither over the other.
    const panels = [
      await partOf(v.page, 'support', 'panel').boundingBox(),
      await partOf(v.page, 'sales', 'panel').boundingBox(),
    ]
    const [a, b] = panels
    expect(a && b).toBeTruthy()
    if (a && b) expect(b.x + b.width, 'the sales window left of the help window').toBeLessThan(a.x)

    // Each question reached its own app's Dify, with that app's key, and no other.
    const supportChats = chatRequests(stack).slice(supportBefore)
    const salesChats = upstreamSales.requests
      .filter((r) => r.method === 'POST' && r.path === '/v1/chat-messages')
      .slice(salesBefore)
    expect(supportChats.map((r) => r.body.query)).toEqual(['How do I pick a size?'])
    expect(supportChats[0]?.headers.authorization).toBe(`Bearer ${stack.upstream.apiKey}`)
    expect(salesChats.map((r) => (r.body as { query?: string }).query)).toEqual([
      'Prices for a team?',
    ])
    expect(salesChats[0]?.headers.authorization).toBe(`Bearer ${SALES_KEY}`)

    // A conversation each, kept in this tab under each data-app.
    const kept = await conversations(v.page)
    expect(Object.keys(kept).sort()).toEqual(['#sales', '#support'])
    expect(kept['#support']).toMatch(/\S/)
    expect(kept['#sales']).toMatch(/\S/)
    expect(kept['#support']).not.toBe(kept['#sales'])

    expect(await auditBoth(v.page)).toEqual([])

    // After a reload each widget brings back its own conversation.
    await v.page.reload()
    await openWidget(v.page, 'support')
    await openWidget(v.page, 'sales')
    await expect
      .poll(() => transcriptOf(v.page, 'support'))
      .toEqual(['user: How do I pick a size?', 'assistant: Measure your foot in the evening.'])
    await expect
      .poll(() => transcriptOf(v.page, 'sales'))
      .toEqual(['user: Prices for a team?', 'assistant: Teams of ten or more get 15% off.'])
    expect((await widgetsOnPage(v.page)).hosts).toEqual(['parley-widget', 'parley-widget-sales'])

    await expectCleanUnderCsp(v, stack)
  })

  it("tells each widget's events to its own Parley.get(app).on, and on window with its host as the target", async () => {
    const { stack } = suite
    stack.upstream.next({ answer: 'Our boots are waterproof.' })
    salesUpstream().next({ answer: 'Yes: 20% off for twenty pairs.' })
    const v = await suite.open('two-widgets.html')
    await partOf(v.page, 'sales', 'launcher').waitFor()
    await v.page.evaluate(() => {
      const heard: Record<string, string[]> = { support: [], sales: [], window: [] }
      Object.defineProperty(window, '__heard', { value: heard })
      const parley = (window as unknown as WithParley).Parley
      for (const app of ['support', 'sales']) {
        for (const name of ['open', 'close', 'message'] as const) {
          parley?.get(app)?.on(name, (detail) => {
            const { role, text } = detail as { role?: string; text?: string }
            heard[app]?.push(role ? `${name} ${role}: ${text}` : name)
          })
        }
      }
      for (const name of ['open', 'close', 'message']) {
        addEventListener(`parley:${name}`, (e) => {
          const role = (e as CustomEvent<{ role?: string }>).detail.role
          heard.window?.push(`${(e.target as Element).id} ${name}${role ? ` ${role}` : ''}`)
        })
      }
    })
    const heard = () =>
      v.page.evaluate(() => (window as unknown as { __heard: Record<string, string[]> }).__heard)

    // The page's button asks the sales widget (Parley.get('sales').send), and only it.
    await v.page.getByRole('button', { name: 'Ask sales about team prices' }).click()
    await partOf(v.page, 'sales', 'panel').waitFor({ state: 'visible' })
    expect(await answerOf(v.page, 'sales', 0)).toBe('Yes: 20% off for twenty pairs.')
    await expect.poll(heard).toEqual({
      support: [],
      sales: [
        'open',
        'message user: Do you have prices for a team of twenty?',
        'message assistant: Yes: 20% off for twenty pairs.',
      ],
      window: [
        'parley-widget-sales open',
        'parley-widget-sales message user',
        'parley-widget-sales message assistant',
      ],
    })
    await expect
      .poll(() => v.page.locator('#last-reply').textContent())
      .toBe('Last reply from Trailhead Sales.')
    expect(await partOf(v.page, 'support', 'panel').isVisible()).toBe(false)

    await openWidget(v.page, 'support')
    expect(await askIn(v.page, 'support', 'Are they waterproof?')).toBe('Our boots are waterproof.')
    await partOf(v.page, 'support', 'input').press('Escape')
    await partOf(v.page, 'support', 'panel').waitFor({ state: 'hidden' })
    await expect.poll(heard).toEqual({
      support: [
        'open',
        'message user: Are they waterproof?',
        'message assistant: Our boots are waterproof.',
        'close',
      ],
      sales: [
        'open',
        'message user: Do you have prices for a team of twenty?',
        'message assistant: Yes: 20% off for twenty pairs.',
      ],
      window: [
        'parley-widget-sales open',
        'parley-widget-sales message user',
        'parley-widget-sales message assistant',
        'parley-widget open',
        'parley-widget message user',
        'parley-widget message assistant',
        'parley-widget close',
      ],
    })
    expect(await v.page.locator('#last-reply').textContent()).toBe(
      'Last reply from Trailhead Help.',
    )
    expect(await partOf(v.page, 'sales', 'panel').isVisible(), 'sales stays open').toBe(true)
    await expectCleanUnderCsp(v, stack)
  })

  it("lets the page's stylesheet style each widget by its host's id", async () => {
    const { stack } = suite
    const v = await openWithBoth()
    // A stylesheet of the page's (constructed: the strict CSP refuses an inline <style>).
    await v.page.evaluate(() => {
      const sheet = new CSSStyleSheet()
      sheet.replaceSync(`#parley-widget-sales { --parley-accent: #fde047 }
        #parley-widget::part(launcher) { box-shadow: 0 0 0 3px #1f2933 }`)
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]
    })
    const look = (app: App) =>
      styleOf(partOf(v.page, app, 'launcher'), ['background-color', 'box-shadow'])
    const [support, sales] = [await look('support'), await look('sales')]
    expect(sales['background-color']).toBe('rgb(253, 224, 71)')
    expect(support['background-color']).not.toBe('rgb(253, 224, 71)')
    expect(support['box-shadow']).toContain('rgb(31, 41, 51) 0px 0px 0px 3px')
    expect(sales['box-shadow']).not.toContain('rgb(31, 41, 51) 0px 0px 0px 3px')
    await expectCleanUnderCsp(v, stack)
  })

  it('draws no third widget when a tag runs again', async () => {
    const { stack } = suite
    const v = await openWithBoth()
    await v.page.evaluate(() => {
      const mark = (o: object | null | undefined) =>
        o && Object.defineProperty(o, '__mark', { value: true })
      mark(document.getElementById('parley-widget'))
      mark(document.getElementById('parley-widget-sales'))
      mark((window as unknown as WithParley).Parley)
      mark((window as unknown as WithParley).Parley?.get('sales'))
    })
    // A single-page app's navigation runs the tags again: the same src and data-app, once more each.
    const ran = await v.page.evaluate(async (relay) => {
      const run = (app: string) =>
        new Promise<string>((resolve) => {
          const script = document.createElement('script')
          script.src = `${relay}/widget.js`
          script.dataset.app = app
          script.onload = () => resolve('loaded')
          script.onerror = () => resolve('failed')
          document.body.append(script)
        })
      return [await run('sales'), await run('support')]
    }, stack.relayUrl)
    expect(ran).toEqual(['loaded', 'loaded'])
    await v.page.waitForTimeout(300)
    expect(
      await v.page.evaluate(() => {
        const marked = (o: unknown) => !!(o as { __mark?: boolean } | null | undefined)?.__mark
        return {
          hosts: [...document.querySelectorAll('[id^="parley-widget"]')].map((el) => el.id),
          same: [
            marked(document.getElementById('parley-widget')),
            marked(document.getElementById('parley-widget-sales')),
            marked((window as unknown as WithParley).Parley),
            marked((window as unknown as WithParley).Parley?.get('sales')),
          ],
        }
      }),
    ).toEqual({ hosts: ['parley-widget', 'parley-widget-sales'], same: [true, true, true, true] })
    expect(await v.page.locator(hook('launcher')).count()).toBe(2)
    await expectCleanUnderCsp(v, stack)
  })
})
