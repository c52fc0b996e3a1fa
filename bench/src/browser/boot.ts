/**
 * What every page view pays, before any interaction: on the host page with the default
 * `data-preload="intent"`, the requests (only widget.js may go out) and their bytes, main-thread time
 * from the loader's first evaluation to the frame that paints the launcher, the longest task and
 * CLS from then until 1.5 s later, and any storage write.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { Browser } from 'playwright-core'
import { median } from '../stats.ts'
import { type Kind, timelineBreakdown } from './breakdown.ts'
import { benchPage } from './chromium.ts'
import { type PageRecord, SYNC_MARK } from './instrument.ts'
import { busyTime, cpuTime, longestTask, parseTrace, TASK_CATEGORIES } from './trace.ts'

/** How long the bench watches the page after the launcher shows, for late work. */
const SETTLE_MS = 1500

export interface BootRun {
  /** Main-thread busy ms from script start to the frame that paints the launcher. */
  mainThreadMs: number
  /** Of which the main thread ran on a core (thread time; the rest it waited for one). */
  cpuMs: number
  /** Wall ms from script start to the frame that paints the launcher. */
  wallMs: number
  /** The main-thread time of that window by kind of work (self time of trace events). */
  byKind: Record<Kind, number>
  /** The same in thread (CPU) time. */
  byKindCpu: Record<Kind, number>
  longestTaskMs: number
  longTasks: number
  cls: number
  /** Requests besides the page itself, up to 1.5 s after the launcher showed. */
  requests: string[]
  /** Their bytes on the wire (headers + body as encoded). */
  transferred: number
  storageWrites: string[]
  foreignRequests: string[]
}

export interface BootResult {
  runs: BootRun[]
  medianMainThreadMs: number
  medianCpuMs: number
  medianWallMs: number
  /** Median ms of each kind of work over the runs, wall and CPU. */
  medianByKind: Record<Kind, number>
  medianByKindCpu: Record<Kind, number>
  /** Worst over all runs. */
  longestTaskMs: number
  longTasks: number
  cls: number
  /** Every distinct request (path) any run made before interaction, besides the page. */
  requests: string[]
  /** The most requests any run made before interaction, besides the page. */
  requestCount: number
  medianTransferred: number
  storageWrites: string[]
  foreignRequests: string[]
}

/** What is left in the page's storage: keys of both Web Storage areas and cookie names. */
async function storageLeft(page: import('playwright-core').Page): Promise<string[]> {
  return page.evaluate(() => [
    ...Object.keys(localStorage).map((k) => `localStorage ${k}`),
    ...Object.keys(sessionStorage).map((k) => `sessionStorage ${k}`),
    ...(document.cookie ? [`cookie ${document.cookie}`] : []),
  ])
}

async function bootOnce(browser: Browser, pageUrl: string, relayUrl: string): Promise<BootRun> {
  const bench = await benchPage(browser, [new URL(pageUrl).origin, new URL(relayUrl).origin])
  try {
    await browser.startTracing(bench.page, { categories: TASK_CATEGORIES })
    await bench.page.goto(pageUrl)
    await bench.page.waitForFunction(
      () => (window as unknown as { __bench: PageRecord }).__bench.launcherAt > 0,
      null,
      { polling: 100, timeout: 15_000 },
    )
    await sleep(SETTLE_MS) // late work: requests, fonts, anything that shifts the page
    const trace = (await browser.stopTracing()).toString('utf8')
    const record = await bench.record()
    const left = await storageLeft(bench.page)
    const requests = (await bench.settled()).filter((r) => r.url !== pageUrl)
    const main = parseTrace(trace, SYNC_MARK, record.syncAt)
    if (main.scriptStart < 0) throw new Error('the trace shows no evaluation of widget.js')
    const end = record.launcherAt + SETTLE_MS
    // From the start of the task that runs widget.js (its first event is a hair before it).
    const first = main.tasks.find((t) => t.start <= main.scriptStart && t.end >= main.scriptStart)
    const window = timelineBreakdown(
      main.events,
      main.pid,
      main.tid,
      main.toTrace(first?.start ?? main.scriptStart),
      main.toTrace(record.launcherAt),
    )
    return {
      mainThreadMs: busyTime(main.tasks, main.scriptStart, record.launcherAt),
      cpuMs: cpuTime(main.tasks, main.scriptStart, record.launcherAt),
      wallMs: record.launcherAt - main.scriptStart,
      byKind: window.byKind,
      byKindCpu: window.byKindCpu,
      longestTaskMs: longestTask(main.tasks, main.scriptStart, end),
      longTasks: record.longTasks.filter((t) => t.start + t.duration >= main.scriptStart).length,
      cls: record.cls,
      requests: requests.map((r) => r.url.replace(relayUrl, '<relay>')),
      transferred: requests.reduce((sum, r) => sum + Math.max(0, r.transferred), 0),
      storageWrites: [...record.storageWrites, ...left],
      foreignRequests: bench.foreign,
    }
  } finally {
    await bench.close()
  }
}

const medians = (runs: Record<Kind, number>[]) =>
  Object.fromEntries(
    Object.keys(runs[0] ?? {}).map((k) => [k, median(runs.map((r) => r[k as Kind]))]),
  ) as Record<Kind, number>

export async function measureBoot(browser: Browser, pageUrl: string, relayUrl: string, runs = 15) {
  await bootOnce(browser, pageUrl, relayUrl) // warm-up: first compile, disk cache of Chromium itself
  const all: BootRun[] = []
  for (let i = 0; i < runs; i++) all.push(await bootOnce(browser, pageUrl, relayUrl))
  const result: BootResult = {
    runs: all,
    medianMainThreadMs: median(all.map((r) => r.mainThreadMs)),
    medianCpuMs: median(all.map((r) => r.cpuMs)),
    medianWallMs: median(all.map((r) => r.wallMs)),
    medianByKind: medians(all.map((r) => r.byKind)),
    medianByKindCpu: medians(all.map((r) => r.byKindCpu)),
    longestTaskMs: Math.max(...all.map((r) => r.longestTaskMs)),
    longTasks: Math.max(...all.map((r) => r.longTasks)),
    cls: Math.max(...all.map((r) => r.cls)),
    requests: [...new Set(all.flatMap((r) => r.requests))],
    requestCount: Math.max(...all.map((r) => r.requests.length)),
    medianTransferred: median(all.map((r) => r.transferred)),
    storageWrites: [...new Set(all.flatMap((r) => r.storageWrites))],
    foreignRequests: [...new Set(all.flatMap((r) => r.foreignRequests))],
  }
  return result
}
