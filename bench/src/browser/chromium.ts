/** Debian's Chromium driven by playwright-core (never a downloaded browser), with a recorded page. */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { instrument, type PageRecord } from './instrument.ts'

export { launchChromium } from '@parley/examples/harness/browser'

export interface BenchPage {
  context: BrowserContext
  page: Page
  /** Requests to origins other than the host page's and the relay's. */
  foreign: string[]
  record(): Promise<PageRecord>
  close(): Promise<void>
}

/** A fresh context with the bench's instrumentation; not navigated yet. */
export async function benchPage(browser: Browser, allowed: string[]): Promise<BenchPage> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
  })
  // tsx (esbuild keepNames) wraps named functions in `__name(…)`, a helper the page lacks.
  await context.addInitScript({
    content: `(() => { const __name = (f) => f; (${instrument.toString()})() })()`,
  })
  const foreign: string[] = []
  context.on('request', (request) => {
    const url = request.url()
    if (url.startsWith('data:') || url.startsWith('blob:')) return
    if (!allowed.includes(new URL(url).origin)) foreign.push(url)
  })
  const page = await context.newPage()
  return {
    context,
    page,
    foreign,
    record: () => page.evaluate(() => (window as unknown as { __bench: PageRecord }).__bench),
    close: () => context.close(),
  }
}
