/**
 * Rendering a long streamed answer (2,000 deltas, ~20 KB of markdown) in the widget, fed through the
 * relay from the test upstream: paced at ~100 deltas/s, and as fast as possible. Main-thread time per
 * delta in the first and last quarter of the answer shows whether rendering stays linear.
 */
import type { Browser } from 'playwright-core'
import { benchAnswer } from '../answer.ts'
import type { Upstream } from '../procs.ts'
import { TRACE_CATEGORIES } from './boot.ts'
import { benchPage } from './chromium.ts'
import type { PageRecord } from './instrument.ts'
import { busyTime, longestTask, parseTrace, type Task } from './trace.ts'

export interface StreamRun {
  pace: 'paced' | 'fast'
  deltas: number
  chars: number
  /** From the first delta arriving in the page to the answer shown as done. */
  wallMs: number
  /** CDP Performance metrics over the run: JS, layout, style, and all main-thread tasks. */
  scriptingMs: number
  layoutMs: number
  styleMs: number
  taskMs: number
  /** Main-thread busy time / wall time while the answer streamed. */
  busyPercent: number
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

async function metrics(session: { send(m: 'Performance.getMetrics'): Promise<unknown> }) {
  const { metrics } = (await session.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[]
  }
  return (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000
}

export async function streamOnce(
  browser: Browser,
  upstream: Upstream,
  pageUrl: string,
  relayUrl: string,
  pace: 'paced' | 'fast',
): Promise<StreamRun> {
  const chunks = benchAnswer()
  const bench = await benchPage(browser, [new URL(pageUrl).origin, new URL(relayUrl).origin])
  try {
    const { page } = bench
    await page.goto(pageUrl)
    await page.waitForFunction(
      () => (window as unknown as { __bench: PageRecord }).__bench.launcherAt > 0,
    )
    await page.evaluate(() => (window as unknown as { Parley: { open(): void } }).Parley.open())
    await page.waitForTimeout(500) // the panel, the welcome message, the app info request
    await upstream.next(pace === 'paced' ? { chunks, frameDelayMs: 10 } : { chunks })
    const cdp = await bench.context.newCDPSession(page)
    await cdp.send('Performance.enable')
    const before = await metrics(cdp)
    await browser.startTracing(page, { categories: TRACE_CATEGORIES })
    // The page's own sync mark predates the trace; this one lines the clocks up.
    const syncAt = await page.evaluate(() => performance.mark('bench:stream').startTime)
    await page.evaluate(() =>
      (window as unknown as { Parley: { send(t: string): void } }).Parley.send('A long answer'),
    )
    await page.waitForFunction(
      () => (window as unknown as { __bench: PageRecord }).__bench.renderedAt > 0,
      null,
      { polling: 250, timeout: 90_000 },
    )
    const trace = (await browser.stopTracing()).toString('utf8')
    const after = await metrics(cdp)
    const record = await bench.record()
    const main = parseTrace(trace, 'bench:stream', syncAt)
    const total = record.arrivals.at(-1)?.[1] ?? 0
    if (total !== chunks.length) throw new Error(`${total} of ${chunks.length} deltas arrived`)
    const first = arrivalOf(record.arrivals, 1)
    const last = arrivalOf(record.arrivals, total)
    const wallMs = record.renderedAt - first
    const q = pace === 'paced' ? quarters(main.tasks, record.arrivals, total) : null
    return {
      pace,
      deltas: total,
      chars: chunks.join('').length,
      wallMs,
      scriptingMs: after('ScriptDuration') - before('ScriptDuration'),
      layoutMs: after('LayoutDuration') - before('LayoutDuration'),
      styleMs: after('RecalcStyleDuration') - before('RecalcStyleDuration'),
      taskMs: after('TaskDuration') - before('TaskDuration'),
      busyPercent: (100 * busyTime(main.tasks, first, record.renderedAt)) / wallMs,
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
