/**
 * Rendering a long streamed answer (2,000 deltas, ~20 KB of markdown) in the widget, fed through the
 * relay from the test upstream: paced at ~100 deltas/s, and as fast as possible. The visitor opens
 * the panel with a click on the launcher (the app loads then), the answer comes for a question sent
 * through `Parley.send`. Main-thread time per delta in the first and last quarter of the answer shows
 * whether the cost per delta stays flat.
 */
import type { Browser, Page } from 'playwright-core'
import { benchAnswer } from '../answer.ts'
import type { Upstream } from '../procs.ts'
import { median } from '../stats.ts'
import { type TimelineBreakdown, timelineBreakdown } from './breakdown.ts'
import { type BenchPage, benchPage } from './chromium.ts'
import { LAUNCHER } from './click.ts'
import type { PageRecord } from './instrument.ts'
import { busyTime, cpuTime, longestTask, parseTrace, TASK_CATEGORIES, type Task } from './trace.ts'

export interface StreamRun {
  pace: 'paced' | 'fast'
  deltas: number
  chars: number
  /** From the first delta arriving in the page to the answer shown as done. */
  wallMs: number
  /** Main-thread time over the run by kind of work, frames rendered, layouts forced by script. */
  timeline: Omit<TimelineBreakdown, 'byEvent' | 'quarters'>
  /** Main-thread busy time / wall time while the answer streamed. */
  busyPercent: number
  /** The same with the main thread's CPU time (without its waits for a core). */
  cpuPercent: number
  longestTaskMs: number
  longTasks: number
  /** Deltas per second as they arrived in the page. */
  arrivalRate: number
  /** From the last delta arriving to the answer shown as done. */
  renderLagMs: number
  /** Main-thread ms per delta while the first / last quarter of the deltas arrived (paced only). */
  firstQuarterMsPerDelta: number | null
  lastQuarterMsPerDelta: number | null
  linearity: number | null
}

/** Page time at which the `n`-th delta had arrived. */
function arrivalOf(arrivals: PageRecord['arrivals'], n: number): number {
  const hit = arrivals.find(([, count]) => count >= n)
  if (!hit) throw new Error(`only ${arrivals.at(-1)?.[1] ?? 0} deltas arrived, not ${n}`)
  return hit[0]
}

function quarters(tasks: Task[], arrivals: PageRecord['arrivals'], total: number) {
  const bound = (q: number) => arrivalOf(arrivals, Math.max(1, Math.round((q * total) / 4)))
  const perDelta = (q: number) => busyTime(tasks, bound(q), bound(q + 1)) / (total / 4)
  return { first: perDelta(0), last: perDelta(3) }
}

/** Asks for the long answer through the page's API and waits until it is rendered in full. */
export async function askLongAnswer(page: Page, timeoutMs: number): Promise<void> {
  await page.evaluate(() =>
    (window as unknown as { Parley: { send(t: string): void } }).Parley.send('A long answer'),
  )
  await page.waitForFunction(
    () => (window as unknown as { __bench: PageRecord }).__bench.renderedAt > 0,
    null,
    { polling: 250, timeout: timeoutMs },
  )
}

/** Loads the host page and opens the panel with a click, as a visitor does; waits for it to settle. */
export async function openPanel(bench: BenchPage, pageUrl: string): Promise<void> {
  const { page } = bench
  await page.goto(pageUrl)
  await page.waitForFunction(
    () => (window as unknown as { __bench: PageRecord }).__bench.launcherAt > 0,
    null,
    { polling: 50, timeout: 15_000 },
  )
  await page.locator(LAUNCHER).click()
  await page.waitForFunction(
    () => (window as unknown as { __bench: PageRecord }).__bench.panelAt > 0,
    null,
    { polling: 50, timeout: 15_000 },
  )
  await page.waitForTimeout(500) // the welcome message, the session and app info requests
}

export async function streamOnce(
  browser: Browser,
  upstream: Upstream,
  pageUrl: string,
  relayUrl: string,
  pace: 'paced' | 'fast',
  /** Runs on the page once the panel is open, before the question (e.g. to try a stylesheet). */
  prepare?: (page: Page) => Promise<void>,
): Promise<StreamRun> {
  const chunks = benchAnswer()
  const bench = await benchPage(browser, [new URL(pageUrl).origin, new URL(relayUrl).origin])
  try {
    const { page } = bench
    await openPanel(bench, pageUrl)
    await prepare?.(page)
    await upstream.next(pace === 'paced' ? { chunks, frameDelayMs: 10 } : { chunks })
    await browser.startTracing(page, { categories: TASK_CATEGORIES })
    // The page's own sync mark predates the trace; this one lines the clocks up.
    const syncAt = await page.evaluate(() => performance.mark('bench:stream').startTime)
    await askLongAnswer(page, 90_000)
    const trace = (await browser.stopTracing()).toString('utf8')
    const record = await bench.record()
    const main = parseTrace(trace, 'bench:stream', syncAt)
    const total = record.arrivals.at(-1)?.[1] ?? 0
    if (total !== chunks.length) throw new Error(`${total} of ${chunks.length} deltas arrived`)
    const first = arrivalOf(record.arrivals, 1)
    const last = arrivalOf(record.arrivals, total)
    const wallMs = record.renderedAt - first
    const q = pace === 'paced' ? quarters(main.tasks, record.arrivals, total) : null
    const t = timelineBreakdown(
      main.events,
      main.pid,
      main.tid,
      main.toTrace(first),
      main.toTrace(record.renderedAt),
    )
    const { busyMs, byKind, byKindCpu, forced, tasks, frames, longest } = t
    const timeline = { busyMs, byKind, byKindCpu, forced, tasks, frames, longest }
    return {
      pace,
      deltas: total,
      chars: chunks.join('').length,
      wallMs,
      timeline,
      busyPercent: (100 * busyTime(main.tasks, first, record.renderedAt)) / wallMs,
      cpuPercent: (100 * cpuTime(main.tasks, first, record.renderedAt)) / wallMs,
      longestTaskMs: longestTask(main.tasks, first, record.renderedAt),
      longTasks: record.longTasks.filter((t) => t.start + t.duration >= first).length,
      arrivalRate: ((total - 1) * 1000) / (last - first),
      renderLagMs: record.renderedAt - last,
      firstQuarterMsPerDelta: q?.first ?? null,
      lastQuarterMsPerDelta: q?.last ?? null,
      linearity: q ? q.last / q.first : null,
    }
  } finally {
    await bench.close()
  }
}

/** The paced answer `runs` times; each figure is the median over the runs (this machine is noisy). */
export interface PacedSummary {
  runs: StreamRun[]
  busyPercent: number
  cpuPercent: number
  longestTaskMs: number
  linearity: number
  firstQuarterMsPerDelta: number
  lastQuarterMsPerDelta: number
  /** The run whose busy % is the median, for its breakdown. */
  typical: StreamRun
}

export async function measurePaced(
  browser: Browser,
  upstream: Upstream,
  pageUrl: string,
  relayUrl: string,
  runs = 3,
): Promise<PacedSummary> {
  const all: StreamRun[] = []
  for (let i = 0; i < runs; i++) {
    all.push(await streamOnce(browser, upstream, pageUrl, relayUrl, 'paced'))
  }
  const of = (pick: (r: StreamRun) => number | null) =>
    median(all.map((r) => pick(r) ?? Number.NaN))
  const busy = of((r) => r.busyPercent)
  const typical = all.reduce((a, b) =>
    Math.abs(b.busyPercent - busy) < Math.abs(a.busyPercent - busy) ? b : a,
  )
  return {
    runs: all,
    busyPercent: busy,
    cpuPercent: of((r) => r.cpuPercent),
    longestTaskMs: of((r) => r.longestTaskMs),
    linearity: of((r) => r.linearity),
    firstQuarterMsPerDelta: of((r) => r.firstQuarterMsPerDelta),
    lastQuarterMsPerDelta: of((r) => r.lastQuarterMsPerDelta),
    typical,
  }
}
