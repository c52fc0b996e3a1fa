/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser), and a recorded visit:
 * every request the page makes, every console error, every uncaught exception and CSP violation.
 */
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** `args`: more command-line switches (e.g. Chromium's fake microphone). */
export function launchChromium(args: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-extensions',
      ...args,
    ],
  })
}

export interface VisitOptions {
  viewport?: { width: number; height: number }
  /** Phone emulation: touch, mobile viewport meta, device pixel ratio 2. */
  mobile?: boolean
  /** Load the page without the widget (its script answers with an empty body). */
  withoutWidget?: boolean
  /** Data attributes added to the page's own widget script tag before it runs (`{ persist: 'browser' }`). */
  tag?: Record<string, string>
  /** Permissions granted to the page (e.g. `microphone`). */
  permissions?: string[]
  /** The browser's language (`navigator.language`, Accept-Language), e.g. `ko-KR`. */
  locale?: string
  /** Cookies and storage to start with (a browser restarted, from `context.storageState()`). */
  storageState?: Awaited<ReturnType<BrowserContext['storageState']>>
}

export interface Visit {
  context: BrowserContext
  page: Page
  /** Every request URL, in order, from every page of the context. */
  requests: string[]
  consoleErrors: string[]
  pageErrors: string[]
  close(): Promise<void>
}

/** Opens `url` in a fresh context and records what happens. */
export async function visit(
  browser: Browser,
  url: string,
  options: VisitOptions = {},
): Promise<Visit> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    ...(options.mobile && { isMobile: true, hasTouch: true, deviceScaleFactor: 2 }),
    colorScheme: 'light',
    reducedMotion: 'reduce',
    ...(options.storageState && { storageState: options.storageState }),
    ...(options.permissions && { permissions: options.permissions }),
    ...(options.locale && { locale: options.locale }),
  })
  // Fail an action well inside the test's own timeout, with Playwright's reason (e.g. "intercepts pointer events").
  context.setDefaultTimeout(8000)
  const requests: string[] = []
  const consoleErrors: string[] = []
  const pageErrors: string[] = []
  context.on('request', (request) => requests.push(request.url()))
  await context.addInitScript(() => {
    const seen: string[] = []
    Object.defineProperty(window, '__cspViolations', { value: seen })
    document.addEventListener(
      'securitypolicyviolation',
      (e) => seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`),
      true,
    )
  })
  if (options.tag) {
    await context.addInitScript((tag) => {
      new MutationObserver((records) => {
        for (const node of records.flatMap((r) => [...r.addedNodes])) {
          if (node instanceof HTMLScriptElement && node.src.endsWith('/widget.js')) {
            Object.assign(node.dataset, tag)
          }
        }
      }).observe(document, { childList: true, subtree: true })
    }, options.tag)
  }
  if (options.withoutWidget) {
    await context.route('**/widget.js', (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }),
    )
  }
  const page = await context.newPage()
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text())
  })
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto(url)
  return { context, page, requests, consoleErrors, pageErrors, close: () => context.close() }
}

export function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => [
    ...((window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []),
  ])
}

/** Requests that went anywhere but the given origins (data: and blob: URLs never leave the page). */
export function foreignRequests(requests: string[], origins: string[]): string[] {
  return requests.filter((url) => {
    if (url.startsWith('data:') || url.startsWith('blob:')) return false
    return !origins.includes(new URL(url).origin)
  })
}
