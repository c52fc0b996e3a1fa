/**
 * What every page view pays, before any interaction: on the host page with the default
 * `data-preload="intent"`, the requests (only widget.js may go out) and their bytes, main-thread time
 * from the loader's first evaluation to the frame that paints the launcher, the longest task and
 * CLS from then until 1.5 s later, and any storage write.
 *
 * The window, "script start → launcher visible": from the start of widget.js's evaluation to the end
 * of the main thread's work on the first frame that shows the launcher (its style, layout, paint and
 * commit). Two things are left out, neither of them work done before the launcher shows:
 * - tasks after that frame: the page records `launcherAt` in a task it posts from that frame's
 *   animation callback, and the scheduler may run other tasks first (a timer, Chromium's
 *   page-timing report, that task itself); they ran once the launcher was drawn. (The window
 *   used to end at `launcherAt` and counted them.) The longest-task check still sees them.
 * - the bench's own scripts (instrument.ts, which checks in every frame whether the launcher shows:
 *   ~0.4 ms CPU in the frame that finds it), less any style or layout they forced, which is kept.
 * Everything else is counted, including what the page itself does in that window (the parser's
 * DOMContentLoaded work right after the script, and the page's own first layout and paint when
 * widget.js runs before the page's first frame; `pageFirstPaintInWindow` says when).
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { Browser } from 'playwright-core'
import { median } from '../stats.ts'
import { type Kind, timelineBreakdown } from './breakdown.ts'
import { benchPage } from './chromium.ts'
import { LAUNCHER_SHOWN, SYNC_MARK } from './instrument.ts'
import {
  busyTime,
  cpuTime,
  frameEndBefore,
  isUnnamedScript,
  longestTask,
  parseTrace,
  TASK_CATEGORIES,
  unnamedScriptTime,
} from './trace.ts'

/** How long the bench watches the page after the launcher shows, for late work. */
const SETTLE_MS = 1500

export interface BootRun {
  /** Main-thread busy ms from script start to the end of the frame that paints the launcher. */
  mainThreadMs: number
  /** Of which the main thread ran on a core (thread time; the rest it waited for one). */
  cpuMs: number
  /** Wall ms from script start to the end of the frame that paints the launcher. */
  wallMs: number
  /** The bench's own scripts in that window, left out of mainThreadMs and cpuMs (wall, CPU ms). */
  benchScriptMs: number
  benchScriptCpuMs: number
  /** Whether the page first painted after the script started (its first layout and paint count). */
  pageFirstPaintInWindow: boolean
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
  medianBenchScriptMs: number
  /** Runs in which the page's own first paint fell in the window. */
  pageFirstPaintInWindow: number
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
    // Not page.waitForFunction: it would inject Playwright's script, the longest task of the run.
    await Promise.all([
      bench.page.waitForEvent('console', {
        predicate: (m) => m.text() === LAUNCHER_SHOWN,
        timeout: 15_000,
      }),
      bench.page.goto(pageUrl),
    ])
    await sleep(SETTLE_MS) // late work: requests, fonts, anything that shifts the page
    const trace = (await browser.stopTracing()).toString('utf8')
    const record = await bench.record()
    const left = await storageLeft(bench.page)
    const requests = (await bench.settled()).filter((r) => r.url !== pageUrl)
    const main = parseTrace(trace, SYNC_MARK, record.syncAt)
    if (main.scriptStart < 0) throw new Error('the trace shows no evaluation of widget.js')
    const end = record.launcherAt + SETTLE_MS
    const shown = frameEndBefore(main, record.launcherAt)
    if (shown < main.scriptStart) throw new Error('the trace shows no frame after widget.js ran')
    const own = unnamedScriptTime(main, main.scriptStart, shown)
    // From the start of the task that runs widget.js (its first event is a hair before it).
    const first = main.tasks.find((t) => t.start <= main.scriptStart && t.end >= main.scriptStart)
    const window = timelineBreakdown(
      main.events,
      main.pid,
      main.tid,
      main.toTrace(first?.start ?? main.scriptStart),
      main.toTrace(shown),
      isUnnamedScript,
    )
    return {
      mainThreadMs: busyTime(main.tasks, main.scriptStart, shown) - own.wall,
      cpuMs: cpuTime(main.tasks, main.scriptStart, shown) - own.cpu,
      wallMs: shown - main.scriptStart,
      benchScriptMs: own.wall,
      benchScriptCpuMs: own.cpu,
      pageFirstPaintInWindow: record.firstPaintAt > main.scriptStart,
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
    medianBenchScriptMs: median(all.map((r) => r.benchScriptMs)),
    pageFirstPaintInWindow: all.filter((r) => r.pageFirstPaintInWindow).length,
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
