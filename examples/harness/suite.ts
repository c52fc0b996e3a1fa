/**
 * One browser and one stack per test file, a fresh browser context per visit, everything closed after.
 * Call `browserSuite()` at the top of a test file.
 */
import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import {
  cspViolations,
  foreignRequests,
  launchChromium,
  type Visit,
  type VisitOptions,
  visit,
} from './browser.ts'
import { type Stack, type StackOptions, startStack } from './stack.ts'

export interface BrowserSuite {
  readonly stack: Stack
  readonly browser: Browser
  /** Opens an example page (e.g. `basic.html`) in a fresh context; closed after the test. */
  open(page: string, options?: VisitOptions): Promise<Visit>
}

/** `browserArgs`: more Chromium switches (see launchChromium). */
export function browserSuite(
  env?: Record<string, string>,
  options?: StackOptions,
  browserArgs?: string[],
): BrowserSuite {
  let stack: Stack | undefined
  let browser: Browser | undefined
  const visits: Visit[] = []

  beforeAll(async () => {
    ;[stack, browser] = await Promise.all([startStack(env, options), launchChromium(browserArgs)])
  })
  afterEach(async () => {
    await Promise.all(visits.splice(0).map((v) => v.close()))
  })
  afterAll(async () => {
    await browser?.close()
    await stack?.close()
  })

  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('browserSuite: used outside a test')
    return value
  }
  return {
    get stack() {
      return need(stack)
    },
    get browser() {
      return need(browser)
    },
    async open(page, options) {
      const v = await visit(need(browser), need(stack).page(page), options)
      visits.push(v)
      return v
    },
  }
}

export interface CleanOptions {
  /** Console errors this test provokes on purpose (e.g. a network error after cutting a connection). */
  allowConsole?: RegExp[]
}

/** No uncaught exception, no console error, and no request beyond the relay and the page's own origin. */
export function expectClean(
  v: Visit,
  stack: Stack,
  { allowConsole = [] }: CleanOptions = {},
): void {
  expect(v.pageErrors, 'uncaught exceptions').toEqual([])
  const errors = v.consoleErrors.filter((m) => !allowConsole.some((re) => re.test(m)))
  expect(errors, 'console errors').toEqual([])
  const origins = [new URL(stack.relayUrl).origin, new URL(stack.pagesUrl).origin]
  expect(foreignRequests(v.requests, origins), 'requests beyond relay and page').toEqual([])
}

/** `expectClean`, and no Content-Security-Policy violation reported on the page. */
export async function expectCleanUnderCsp(
  v: Visit,
  stack: Stack,
  options?: CleanOptions,
): Promise<void> {
  expect(await cspViolations(v.page)).toEqual([])
  expectClean(v, stack, options)
}
