/**
 * Widget boot on the host page: main-thread time from the widget script's first evaluation to the
 * first frame with the launcher visible, the longest task and CLS from then until 1.5 s later.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { Browser } from 'playwright-core'
import { median } from '../stats.ts'
import { benchPage } from './chromium.ts'
import { SYNC_MARK } from './instrument.ts'
import { busyTime, longestTask, parseTrace } from './trace.ts'

export const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'toplevel',
  'blink.user_timing',
  'v8.execute',
]

export interface BootRun {
  /** Main-thread busy ms from script start to launcher visible. */
  mainThreadMs: number
  /** Wall ms from script start to launcher visible. */
  wallMs: number
  longestTaskMs: number
  longTasks: number
  cls: number
  foreignRequests: string[]
}

export interface BootResult {
  runs: BootRun[]
  medianMainThreadMs: number
  medianWallMs: number
  /** Worst over all runs. */
  longestTaskMs: number
  longTasks: number
  cls: number
  foreignRequests: string[]
}

async function bootOnce(browser: Browser, pageUrl: string, relayUrl: string): Promise<BootRun> {
  const bench = await benchPage(browser, [new URL(pageUrl).origin, new URL(relayUrl).origin])
  try {
    await browser.startTracing(bench.page, { categories: TRACE_CATEGORIES })
    await bench.page.goto(pageUrl)
    await bench.page.waitForFunction(
      () => (window as unknown as { __bench: { launcherAt: number } }).__bench.launcherAt > 0,
      null,
      { polling: 100, timeout: 15_000 },
    )
    await sleep(1500) // late work: the app info request, fonts, anything that shifts the page
    const trace = (await browser.stopTracing()).toString('utf8')
    const record = await bench.record()
    const main = parseTrace(trace, SYNC_MARK, record.syncAt)
    if (main.scriptStart < 0) throw new Error('the trace shows no evaluation of widget.js')
    const end = record.launcherAt + 1500
    return {
      mainThreadMs: busyTime(main.tasks, main.scriptStart, record.launcherAt),
      wallMs: record.launcherAt - main.scriptStart,
      longestTaskMs: longestTask(main.tasks, main.scriptStart, end),
      longTasks: record.longTasks.filter((t) => t.start + t.duration >= main.scriptStart).length,
      cls: record.cls,
      foreignRequests: bench.foreign,
    }
  } finally {
    await bench.close()
  }
}

export async function measureBoot(browser: Browser, pageUrl: string, relayUrl: string, runs = 7) {
  await bootOnce(browser, pageUrl, relayUrl) // warm-up: first compile, disk cache of Chromium itself
  const all: BootRun[] = []
  for (let i = 0; i < runs; i++) all.push(await bootOnce(browser, pageUrl, relayUrl))
  const result: BootResult = {
    runs: all,
    medianMainThreadMs: median(all.map((r) => r.mainThreadMs)),
    medianWallMs: median(all.map((r) => r.wallMs)),
    longestTaskMs: Math.max(...all.map((r) => r.longestTaskMs)),
    longTasks: Math.max(...all.map((r) => r.longTasks)),
    cls: Math.max(...all.map((r) => r.cls)),
    foreignRequests: [...new Set(all.flatMap((r) => r.foreignRequests))],
  }
  return result
}
