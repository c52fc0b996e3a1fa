/**
 * Astro's client router (`<ClientRouter />`, view transitions) in a real browser (Chromium), on the
 * site in `astro/`, built here with the real Astro. The router swaps the page's body on every link
 * and does not run the widget's tag again (it has run that src before). The widget (drawn after
 * <body>) stays the same element with the same panel, and an answer streaming across the swap finishes.
 */
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { Page } from 'playwright-core'
import { beforeAll, expect, it } from 'vitest'
import { auditWidget } from './harness/axe.ts'
import { browserSuite, expectCleanUnderCsp } from './harness/suite.ts'
import { messages, openPanel, part, sendMessage, waitForAnswer } from './harness/widget.ts'

const suite = browserSuite()

const site = fileURLToPath(new URL('./astro/', import.meta.url))
const require = createRequire(import.meta.url)
const astroPackage = require.resolve('astro/package.json')
const { bin } = require(astroPackage) as { bin: { astro: string } }

// The built site is not committed: build it into astro/dist/, as a site owner's `astro build` would.
// Not with this process's environment: Vitest puts its own import.meta.env there (BASE_URL=/, MODE,
// VITEST, …), and Astro would build the site with them.
beforeAll(async () => {
  await promisify(execFile)(process.execPath, [join(dirname(astroPackage), bin.astro), 'build'], {
    cwd: site,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ASTRO_TELEMETRY_DISABLED: '1' },
  })
}, 120_000)

interface Marked {
  mark?: number
  pageLoads?: number
  viewTransitions?: number
  tagRuns?: number
}

/**
 * Marks the window and the widget's host, counts the router's finished navigations, its view
 * transitions and the widget tag's runs from now on: after a link, the page can say whether it is
 * still the same document and widget.
 */
const markPage = (page: Page) =>
  page.evaluate(() => {
    const marked = window as Window & Marked
    marked.mark = 42
    marked.pageLoads = 0
    marked.viewTransitions = 0
    marked.tagRuns = 0
    // A tag run again may come from the memory cache, without a request: count its scripts' loads.
    document.addEventListener(
      'load',
      ({ target }) => {
        if (target instanceof HTMLScriptElement && target.src.endsWith('/widget.js')) {
          marked.tagRuns = (marked.tagRuns ?? 0) + 1
        }
      },
      true,
    )
    document.addEventListener('astro:page-load', () => {
      marked.pageLoads = (marked.pageLoads ?? 0) + 1
    })
    const start = document.startViewTransition.bind(document)
    document.startViewTransition = (update) => {
      marked.viewTransitions = (marked.viewTransitions ?? 0) + 1
      return start(update)
    }
    const host = document.getElementById('parley-widget') as (HTMLElement & Marked) | null
    if (host) host.mark = 42
  })

const pageState = (page: Page) =>
  page.evaluate(() => {
    const marked = window as Window & Marked
    return {
      sameDocument: marked.mark === 42,
      pageLoads: marked.pageLoads,
      viewTransitions: marked.viewTransitions,
      tagRuns: marked.tagRuns,
      hosts: document.querySelectorAll('#parley-widget').length,
      same: (document.getElementById('parley-widget') as Marked | null)?.mark === 42,
      afterBody: document.getElementById('parley-widget')?.previousElementSibling === document.body,
      heading: document.querySelector('h1')?.textContent,
      path: location.pathname,
    }
  })

it('sends the Astro pages with the strict CSP', async () => {
  const res = await fetch(suite.stack.page('astro/'))
  expect(res.status).toBe(200)
  expect(res.headers.get('content-security-policy')).toContain("style-src 'self';")
  expect(await res.text()).toContain(`${suite.stack.relayUrl}/widget.js`)
})

it('keeps the widget, its open panel and a streaming answer across client-side navigations and back', async () => {
  const { stack } = suite
  const answer = 'Orders ship within a day, and returns are free for sixty days.'
  stack.upstream.next({ answer, frameDelayMs: 120 })
  const v = await suite.open('astro/')
  await openPanel(v.page)
  await markPage(v.page)
  const index = await sendMessage(v.page, 'How fast do you ship?')
  const reply = messages(v.page, 'assistant').nth(index)
  await expect.poll(() => reply.textContent()).toMatch(/\w/)
  expect(await reply.getAttribute('data-state'), 'still streaming at the click').not.toBe('done')

  await v.page.locator('[data-page-link="shipping"]').click()
  await expect
    .poll(() => pageState(v.page))
    .toEqual({
      sameDocument: true,
      pageLoads: 1,
      viewTransitions: 1,
      tagRuns: 0,
      hosts: 1,
      same: true,
      afterBody: true,
      heading: 'Shipping',
      path: '/astro/shipping/',
    })
  expect(await part(v.page, 'panel').isVisible(), 'the panel stays open').toBe(true)
  expect(await waitForAnswer(v.page, index)).toBe(answer)

  await v.page.goBack()
  await expect
    .poll(() => pageState(v.page))
    .toEqual({
      sameDocument: true,
      pageLoads: 2,
      viewTransitions: 2,
      tagRuns: 0,
      hosts: 1,
      same: true,
      afterBody: true,
      heading: 'Boots for every trail',
      path: '/astro/',
    })
  expect(await part(v.page, 'panel').isVisible(), 'the panel stays open').toBe(true)
  expect(await reply.textContent()).toContain('sixty days')
  // The router ran the tag once, on the first page, and never again.
  const scripts = v.requests.filter((url) => url === `${stack.relayUrl}/widget.js`)
  expect(scripts).toHaveLength(1)
  await expectCleanUnderCsp(v, stack)
  expect(await auditWidget(v.page)).toEqual([])
})
