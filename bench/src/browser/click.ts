/**
 * Click → panel visible, from the click event to the end of the first frame that paints the panel:
 * prefetched (the default `data-preload="intent"`: hover the launcher, let the app load, then
 * click) and cold (`data-preload="click"`: nothing but the loader has loaded when the click comes).
 * Each run is a fresh browser context, so the HTTP cache is empty.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { Browser, Page } from 'playwright-core'
import { median } from '../stats.ts'
import { benchPage } from './chromium.ts'
import type { PageRecord } from './instrument.ts'

export const LAUNCHER = '#parley-widget [data-parley="launcher"]'

export interface ClickRun {
  /** Click event → right after the first frame with the panel visible. */
  clickToPanelMs: number
  /** Click → the app chunk's script ran (negative when it ran before the click). */
  clickToAppMs: number
  /** Requests for the app chunk before the click. */
  appRequestsBeforeClick: number
}

export interface ClickResult {
  mode: 'prefetched' | 'cold'
  runs: ClickRun[]
  medianMs: number
  worstMs: number
  medianClickToAppMs: number
}

const recordOf = (page: Page) =>
  page.evaluate(() => (window as unknown as { __bench: PageRecord }).__bench)

/** Waits until `field` of the page record is set (> 0). */
async function waitFor(page: Page, field: 'launcherAt' | 'appAt' | 'panelAt') {
  await page.waitForFunction(
    (f) => ((window as unknown as { __bench: Record<string, number> }).__bench[f] ?? -1) > 0,
    field,
    { polling: 50, timeout: 15_000 },
  )
}

async function clickOnce(
  browser: Browser,
  pageUrl: string,
  relayUrl: string,
  mode: ClickResult['mode'],
): Promise<ClickRun> {
  const bench = await benchPage(browser, [new URL(pageUrl).origin, new URL(relayUrl).origin])
  try {
    const { page } = bench
    await page.goto(pageUrl)
    await waitFor(page, 'launcherAt')
    const launcher = page.locator(LAUNCHER)
    if (mode === 'prefetched') {
      await launcher.hover()
      await waitFor(page, 'appAt')
      await sleep(500) // the app starts, mints its session, settles
    } else {
      await sleep(300)
      if ((await recordOf(page)).appAt > 0) throw new Error('the app loaded before the click')
    }
    const appRequestsBeforeClick = bench.requests.filter((r) =>
      /\/app\.[\w-]+\.js/.test(r.url),
    ).length
    await launcher.click()
    await waitFor(page, 'panelAt')
    const record = await recordOf(page)
    return {
      clickToPanelMs: record.panelAt - record.clickAt,
      clickToAppMs: record.appAt - record.clickAt,
      appRequestsBeforeClick,
    }
  } finally {
    await bench.close()
  }
}

export async function measureClick(
  browser: Browser,
  pageUrl: string,
  relayUrl: string,
  mode: ClickResult['mode'],
  runs = 7,
): Promise<ClickResult> {
  await clickOnce(browser, pageUrl, relayUrl, mode) // warm-up
  const all: ClickRun[] = []
  for (let i = 0; i < runs; i++) all.push(await clickOnce(browser, pageUrl, relayUrl, mode))
  if (mode === 'prefetched' && all.some((r) => r.appRequestsBeforeClick === 0)) {
    throw new Error('hovering the launcher did not fetch the app')
  }
  return {
    mode,
    runs: all,
    medianMs: median(all.map((r) => r.clickToPanelMs)),
    worstMs: Math.max(...all.map((r) => r.clickToPanelMs)),
    medianClickToAppMs: median(all.map((r) => r.clickToAppMs)),
  }
}
