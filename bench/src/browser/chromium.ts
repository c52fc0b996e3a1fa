/** Debian's Chromium driven by playwright-core (never a downloaded browser), with a recorded page. */
import type { Browser, BrowserContext, Page, Request } from 'playwright-core'
import { instrument, type PageRecord } from './instrument.ts'

export { launchChromium } from '@parley/examples/harness/browser'

export interface RequestRecord {
  url: string
  /** Response headers + body as they came over the wire (the body as encoded); -1 if it failed. */
  transferred: number
}

export interface BenchPage {
  context: BrowserContext
  page: Page
  /** Requests to origins other than the host page's and the relay's. */
  foreign: string[]
  /** Every request of the context, in order (data: and blob: URLs excepted). */
  requests: RequestRecord[]
  /** The requests' sizes, once every request made so far has finished or failed. */
  settled(): Promise<RequestRecord[]>
  record(): Promise<PageRecord>
  close(): Promise<void>
}

/**
 * `fn`'s source as a script that runs it in a page. tsx (esbuild keepNames) wraps named functions
 * in `__name(…)`, a helper the page lacks: the script brings its own.
 */
export const inPage = (fn: () => void): string =>
  `(() => { const __name = (f) => f; (${fn.toString()})() })()`

/** A fresh context with the bench's instrumentation; not navigated yet. */
export async function benchPage(browser: Browser, allowed: string[]): Promise<BenchPage> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
  })
  await context.addInitScript({ content: inPage(instrument) })
  const foreign: string[] = []
  const requests: RequestRecord[] = []
  const open = new Map<Request, { record: RequestRecord; done: () => void }>()
  const pending: Promise<void>[] = []
  context.on('request', (request) => {
    const url = request.url()
    if (url.startsWith('data:') || url.startsWith('blob:')) return
    if (!allowed.includes(new URL(url).origin)) foreign.push(url)
    const record: RequestRecord = { url, transferred: -1 }
    requests.push(record)
    pending.push(new Promise((done) => open.set(request, { record, done })))
  })
  context.on('requestfinished', async (request) => {
    const entry = open.get(request)
    if (!entry) return
    open.delete(request)
    try {
      const sizes = await request.sizes()
      entry.record.transferred = sizes.responseHeadersSize + sizes.responseBodySize
    } catch {}
    entry.done()
  })
  context.on('requestfailed', (request) => {
    open.get(request)?.done()
    open.delete(request)
  })
  const page = await context.newPage()
  return {
    context,
    page,
    foreign,
    requests,
    settled: async () => {
      await Promise.all(pending)
      return requests
    },
    record: () => page.evaluate(() => (window as unknown as { __bench: PageRecord }).__bench),
    close: () => context.close(),
  }
}
