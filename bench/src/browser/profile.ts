/**
 * Where the streaming main-thread time goes: the paced long answer once more, recorded with a full
 * Chromium trace (every kind of work, with nesting) and a V8 CPU profile, with the app swapped for
 * its readable twin (profile-build.ts) so that the profile names functions and files. The loader is
 * served pinning the twin's SRI hash; everything else is the real build. Profiling slows the page
 * down, so these figures explain the budgeted run's; they do not replace them.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import type { Manifest } from '../../../widget/scripts/build.ts'
import { benchAnswer } from '../answer.ts'
import type { Upstream } from '../procs.ts'
import { SourceMap } from '../sourcemap.ts'
import {
  type CpuBreakdown,
  type CpuProfile,
  cpuBreakdown,
  type TimelineBreakdown,
  timelineBreakdown,
} from './breakdown.ts'
import { benchPage } from './chromium.ts'
import { buildProfileApp } from './profile-build.ts'
import { askLongAnswer, openPanel } from './stream.ts'
import { DETAIL_CATEGORIES, parseTrace } from './trace.ts'

export interface StreamProfile {
  deltas: number
  /** From the first delta arriving to the answer shown as done. */
  wallMs: number
  timeline: TimelineBreakdown
  cpu: CpuBreakdown
}

/** Samples every 200 µs: fine enough for per-delta work of ~1 ms, cheap enough not to swamp it. */
const SAMPLING_US = 200
const KEEP = 40

export async function profileStream(
  browser: Browser,
  upstream: Upstream,
  pageUrl: string,
  relayUrl: string,
  manifest: Manifest,
  /** A directory to keep the recordings in, for DevTools: trace.json, stream.cpuprofile, the app. */
  saveTo?: string,
): Promise<StreamProfile> {
  const twin = await buildProfileApp(manifest)
  const appUrl = `${relayUrl}/widget/${manifest.app.file}`
  const chunks = benchAnswer()
  const bench = await benchPage(browser, [new URL(pageUrl).origin, new URL(relayUrl).origin])
  try {
    const { page, context } = bench
    await context.route(`${relayUrl}/widget.js`, async (route) => {
      const response = await route.fetch()
      const loader = await response.text()
      if (!loader.includes(manifest.app.integrity)) {
        throw new Error('widget.js does not pin the app of manifest.json: rebuild the widget')
      }
      await route.fulfill({
        response,
        body: loader.replace(manifest.app.integrity, twin.integrity),
      })
    })
    await context.route(appUrl, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/javascript; charset=utf-8',
        headers: { 'access-control-allow-origin': '*' },
        body: twin.code,
      }),
    )
    await openPanel(bench, pageUrl)
    await upstream.next({ chunks, frameDelayMs: 10 })
    const cdp = await context.newCDPSession(page)
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_US })
    await browser.startTracing(page, { categories: DETAIL_CATEGORIES })
    const syncAt = await page.evaluate(() => performance.mark('bench:profile').startTime)
    await cdp.send('Profiler.start')
    await askLongAnswer(page, 120_000)
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile }
    const trace = (await browser.stopTracing()).toString('utf8')
    const record = await bench.record()
    if (saveTo) {
      await mkdir(saveTo, { recursive: true })
      await writeFile(join(saveTo, 'trace.json'), trace)
      await writeFile(join(saveTo, 'stream.cpuprofile'), JSON.stringify(profile))
      await writeFile(join(saveTo, manifest.app.file), twin.code)
      await writeFile(join(saveTo, `${manifest.app.file}.map`), JSON.stringify(twin.map))
    }
    const main = parseTrace(trace, 'bench:profile', syncAt)
    const total = record.arrivals.at(-1)?.[1] ?? 0
    if (total !== chunks.length) throw new Error(`${total} of ${chunks.length} deltas arrived`)
    const first = record.arrivals.find(([, n]) => n >= 1)?.[0] ?? syncAt
    const timeline = timelineBreakdown(
      main.events,
      main.pid,
      main.tid,
      main.toTrace(first),
      main.toTrace(record.renderedAt),
    )
    const cpu = cpuBreakdown(profile, appUrl, new SourceMap(twin.map))
    return {
      deltas: total,
      wallMs: record.renderedAt - first,
      // The heads of the lists: enough to read, small enough for results.json.
      timeline: { ...timeline, byEvent: timeline.byEvent.slice(0, KEEP) },
      cpu: {
        ...cpu,
        selfByFunction: cpu.selfByFunction.slice(0, KEEP),
        totalByFunction: cpu.totalByFunction.slice(0, KEEP),
      },
    }
  } finally {
    await bench.close()
  }
}
