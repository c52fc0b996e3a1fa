/** Each measurement's results turned into the table's metrics, beside their budgets. */
import type { BootResult } from './browser/boot.ts'
import type { Kind } from './browser/breakdown.ts'
import type { ClickResult } from './browser/click.ts'
import type { StreamProfile } from './browser/profile.ts'
import type { PacedSummary, StreamRun } from './browser/stream.ts'
import { BUDGETS } from './budgets.ts'
import type { Metric } from './metric.ts'
import type { FirstEventOverhead, OverheadResult } from './overhead.ts'
import type { ScaleResult } from './scale.ts'
import { median } from './stats.ts'
import type { Throughput } from './throughput.ts'
import { lazyWhen, type ParleyWeights, type Weight } from './weight.ts'

const fileNote = (w: Weight) =>
  `${w.files.join(' + ')}: ${w.raw.toLocaleString('en-US')} B raw, ${w.gzip.toLocaleString('en-US')} B gzip -9`

export function weightMetrics(parley: ParleyWeights): Metric[] {
  const s = 'Widget weight (brotli q11)'
  return [
    {
      section: s,
      name: 'loader widget.js, every page view',
      value: parley.loader.brotli,
      unit: 'bytes',
      budget: BUDGETS.loaderBrotli,
      note: fileNote(parley.loader),
    },
    {
      section: s,
      name: 'chat app, loaded on intent',
      value: parley.app.brotli,
      unit: 'bytes',
      budget: BUDGETS.appBrotli,
      note: fileNote(parley.app),
    },
    ...parley.lazy.map(
      (l): Metric => ({
        section: s,
        name: `lazy chunk "${l.chunk}", loaded ${lazyWhen(l.chunk)}`,
        value: l.brotli,
        unit: 'bytes',
        note: fileNote(l),
      }),
    ),
  ]
}

/** The page view's section: the loader's figures and, beside them, its floor's. */
const PAGE_VIEW = 'Page view, before any interaction (Chromium)'

export function bootMetrics(boot: BootResult): Metric[] {
  const s = PAGE_VIEW
  const n = boot.runs.length
  return [
    {
      section: s,
      name: 'requests besides widget.js',
      value: boot.requests.filter((r) => !r.endsWith('/widget.js')).length,
      unit: 'count',
      budget: BUDGETS.requestsBesidesLoader,
      note: `seen: ${boot.requests.join(', ') || 'none'}`,
    },
    {
      section: s,
      name: 'bytes transferred',
      value: boot.medianTransferred,
      unit: 'bytes',
      note: `median of ${n}; headers + body as served (the relay sends widget.js uncompressed)`,
    },
    {
      section: s,
      name: 'main thread, script start → launcher painted',
      value: boot.medianMainThreadMs,
      unit: 'ms',
      budget: BUDGETS.pageViewMainThreadMs,
      note: `median of ${n}; ${quantiles(boot.runs.map((r) => r.mainThreadMs))}; to the end of the frame that draws the launcher, the bench's own scripts left out (median ${boot.medianBenchScriptMs.toFixed(1)} ms); by kind (medians): ${kinds(boot.medianByKind)}; the page's own first paint fell in the window in ${boot.pageFirstPaintInWindow} of ${n} runs`,
    },
    {
      section: s,
      name: 'of which on a core (thread CPU time)',
      value: boot.medianCpuMs,
      unit: 'ms',
      note: `median of ${n}; ${quantiles(boot.runs.map((r) => r.cpuMs))}; by kind (medians): ${kinds(boot.medianByKindCpu)}; the rest of the time above the thread waited for a core`,
    },
    {
      section: s,
      name: 'wall time, script start → launcher painted',
      value: boot.medianWallMs,
      unit: 'ms',
      note: `median of ${n}`,
    },
    {
      section: s,
      name: 'longest task, script start → 1.5 s after',
      value: boot.longestTaskMs,
      unit: 'ms',
      budget: BUDGETS.pageViewLongestTaskMs,
      note: `worst of ${n}; median ${median(boot.runs.map((r) => r.longestTaskMs)).toFixed(1)} ms`,
    },
    {
      section: s,
      name: 'cumulative layout shift',
      value: boot.cls,
      unit: 'score',
      budget: BUDGETS.pageViewCls,
      note: `worst of ${n}`,
    },
    {
      section: s,
      name: 'storage writes',
      value: boot.storageWrites.length,
      unit: 'count',
      budget: BUDGETS.storageWrites,
      note: boot.storageWrites.length
        ? boot.storageWrites.join(', ')
        : 'Web Storage, cookies, IndexedDB, Cache Storage',
    },
    {
      section: s,
      name: 'requests to other origins than the relay',
      value: boot.foreignRequests.length,
      unit: 'count',
      budget: BUDGETS.foreignRequests,
    },
  ]
}

/**
 * The page view beside its floor (browser/floor.ts): one button in a shadow root, measured the same
 * way in the same browser. No launcher's page view measures less on this machine; Parley's loader
 * costs the difference.
 */
export function floorMetrics(floor: BootResult, boot: BootResult | null): Metric[] {
  const s = PAGE_VIEW
  const n = floor.runs.length
  const out: Metric[] = [
    {
      section: s,
      name: 'floor: a script that adds one button in a shadow root, same window',
      value: floor.medianMainThreadMs,
      unit: 'ms',
      note: `median of ${n}; ${quantiles(floor.runs.map((r) => r.mainThreadMs))}; thread CPU ${floor.medianCpuMs.toFixed(2)} ms; a named, round, fixed button after <body>, styled through the CSSOM, measured as the loader is`,
    },
  ]
  if (boot) {
    out.push({
      section: s,
      name: 'loader above that floor',
      value: boot.medianMainThreadMs - floor.medianMainThreadMs,
      unit: 'ms',
      note: `difference of the medians; thread CPU ${(boot.medianCpuMs - floor.medianCpuMs).toFixed(2)} ms above the floor's`,
    })
  }
  return out
}

/** "scripting 3.1, style 0.4, …" (ms), the larger first, zeros left out. */
function kinds(byKind: Record<Kind, number>): string {
  return (Object.entries(byKind) as [Kind, number][])
    .filter(([, ms]) => ms >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, ms]) => `${KIND_NAMES[kind]} ${ms.toFixed(ms >= 100 ? 0 : 1)}`)
    .join(', ')
}

/** "min … max" of a sample, for the note beside a median. */
function quantiles(values: readonly number[]): string {
  return `${Math.min(...values).toFixed(1)} … ${Math.max(...values).toFixed(1)} ms`
}

export function clickMetrics(prefetched: ClickResult | null, cold: ClickResult | null): Metric[] {
  const s = 'Click → panel painted (Chromium, loopback)'
  const out: Metric[] = []
  if (prefetched) {
    out.push({
      section: s,
      name: 'app prefetched on intent (hover, then click)',
      value: prefetched.medianMs,
      unit: 'ms',
      budget: BUDGETS.clickPrefetchedMs,
      note: `median of ${prefetched.runs.length}; ${quantiles(prefetched.runs.map((r) => r.clickToPanelMs))}`,
    })
  }
  if (cold) {
    out.push({
      section: s,
      name: 'cold, data-preload="click" (nothing loaded)',
      value: cold.medianMs,
      unit: 'ms',
      budget: BUDGETS.clickColdMs,
      note: `median of ${cold.runs.length}; ${quantiles(cold.runs.map((r) => r.clickToPanelMs))}; app script ran ${cold.medianClickToAppMs.toFixed(0)} ms after the click`,
    })
  }
  return out
}

export function streamMetrics(paced: PacedSummary | null, fast: StreamRun | null): Metric[] {
  const s = 'Streaming a 20 KB markdown answer (2,000 deltas)'
  const out: Metric[] = []
  if (paced) {
    const n = paced.runs.length
    const range = (pick: (r: StreamRun) => number | null, digits = 1) =>
      `median of ${n}: ${paced.runs.map((r) => pick(r)?.toFixed(digits) ?? '–').join(', ')}`
    const t = paced.typical
    const keepsUp = paced.runs.every((r) => r.renderLagMs <= 100 && r.busyPercent < 100)
    out.push(
      {
        section: s,
        name: '~100 deltas/s: main thread busy',
        value: paced.busyPercent,
        unit: '%',
        budget: BUDGETS.streamBusyPercent,
        note: `${range((r) => r.busyPercent)}; typical run ${t.timeline.busyMs.toFixed(0)} ms over ${(t.wallMs / 1000).toFixed(1)} s, ${t.timeline.frames} frames: ${kinds(t.timeline.byKind)} ms`,
      },
      {
        section: s,
        name: '~100 deltas/s: main thread on a core (thread CPU time)',
        value: paced.cpuPercent,
        unit: '%',
        note: range((r) => r.cpuPercent),
      },
      {
        section: s,
        name: '~100 deltas/s: longest task',
        value: paced.longestTaskMs,
        unit: 'ms',
        budget: BUDGETS.streamLongestTaskMs,
        note: range((r) => r.longestTaskMs),
      },
      {
        section: s,
        name: '~100 deltas/s: ms per delta, last quarter / first',
        value: paced.linearity,
        unit: 'x',
        budget: BUDGETS.streamLinearity,
        note: `${range((r) => r.linearity, 2)}; ${paced.firstQuarterMsPerDelta.toFixed(2)} → ${paced.lastQuarterMsPerDelta.toFixed(2)} ms (medians)`,
      },
      {
        section: s,
        name: '~100 deltas/s: keeps up',
        value: keepsUp ? 1 : 0,
        unit: 'yes/no',
        note: `render lag after the last delta ${range((r) => r.renderLagMs, 0)} ms; ${t.arrivalRate.toFixed(0)} deltas/s arrived`,
      },
    )
  }
  if (fast) {
    out.push(
      {
        section: s,
        name: 'as fast as possible: first delta → shown done',
        value: fast.wallMs,
        unit: 'ms',
        note: `busy ${fast.timeline.busyMs.toFixed(0)} ms, ${fast.timeline.frames} frames: ${kinds(fast.timeline.byKind)} ms`,
      },
      {
        section: s,
        name: 'as fast as possible: longest task',
        value: fast.longestTaskMs,
        unit: 'ms',
      },
    )
  }
  return out
}

const KIND_NAMES: Record<Kind, string> = {
  scripting: 'scripting',
  style: 'style recalc',
  layout: 'layout',
  paint: 'paint/layerize/commit',
  gc: 'garbage collection',
  other: 'other (task overhead, IPC)',
}

/** The streaming profile as figures (no budgets: it explains the budgeted run). */
export function profileMetrics(p: StreamProfile): Metric[] {
  const s = 'Streaming profile (~100 deltas/s, traced + sampled, readable build)'
  const t = p.timeline
  const perFrame = (ms: number, frames: number) => (frames ? (ms / frames).toFixed(2) : '–')
  const q1 = t.quarters[0]
  const q4 = t.quarters[3]
  return [
    {
      section: s,
      name: 'main thread busy',
      value: (100 * t.busyMs) / p.wallMs,
      unit: '%',
      note: `${t.busyMs.toFixed(0)} ms over ${(p.wallMs / 1000).toFixed(1)} s, ${t.frames} frames rendered (${((1000 * t.frames) / p.wallMs).toFixed(0)}/s), ${perFrame(t.busyMs, t.frames)} ms per frame`,
    },
    ...(Object.keys(KIND_NAMES) as Kind[]).map(
      (kind): Metric => ({
        section: s,
        name: KIND_NAMES[kind],
        value: t.byKind[kind],
        unit: 'ms',
        note: `CPU ${t.byKindCpu[kind].toFixed(0)} ms; ${perFrame(t.byKind[kind], t.frames)} ms per frame; first → last quarter ${perFrame(q1?.byKind[kind] ?? 0, q1?.frames ?? 0)} → ${perFrame(q4?.byKind[kind] ?? 0, q4?.frames ?? 0)} ms per frame`,
      }),
    ),
    {
      section: s,
      name: 'longest task',
      value: t.longest?.ms ?? null,
      unit: 'ms',
      note: t.longest
        ? `${(t.longest.atMs / 1000).toFixed(1)} s in: ${t.longest.byEvent
            .filter(([, ms]) => ms >= 0.1)
            .map(([n, ms]) => `${n} ${ms.toFixed(1)}`)
            .join(', ')} ms`
        : 'none',
    },
    {
      section: s,
      name: 'style + layout forced by script',
      value: t.forced.ms,
      unit: 'ms',
      note: `${t.forced.count} passes (style ${t.forced.styleMs.toFixed(0)}, layout ${t.forced.layoutMs.toFixed(0)} ms) of ${(t.byKind.style + t.byKind.layout).toFixed(0)} ms in all`,
    },
  ]
}

/** The profile's top functions, as lines under the tables. */
export function profileNotes(p: StreamProfile, top = 12): string[] {
  const list = (rows: [string, number][]) =>
    rows
      .slice(0, top)
      .map(([name, ms]) => `${ms.toFixed(0)} ms ${name}`)
      .join('; ')
  const events = p.timeline.byEvent
    .slice(0, top)
    .map(([name, ms]) => `${ms.toFixed(0)} ms ${name}`)
    .join('; ')
  const cpu = p.cpu
  const areas = cpu.byArea
    .map(
      ([area, ms]) => `${area} ${ms.toFixed(0)} ms (${((100 * ms) / cpu.sampledMs).toFixed(0)} %)`,
    )
    .join('; ')
  return [
    'Streaming profile, where the main thread went (the profiled run is slower than the budgeted one):',
    `- CPU samples (${cpu.sampledMs.toFixed(0)} ms, idle excluded) by area: ${areas}`,
    `- trace events by self time: ${events}`,
    `- functions by self time, sampled ("(program)" is the browser's own work: style, layout, paint): ${list(p.cpu.selfByFunction)}`,
    `- app functions by total time, callees included (sampled): ${list(p.cpu.totalByFunction)}`,
  ]
}

function firstEventMetrics(s: string, o: FirstEventOverhead): Metric[] {
  return [
    {
      section: s,
      name: 'added to first event, median',
      value: o.addedFirstEventMedianMs,
      unit: 'ms',
      budget: BUDGETS.addedFirstEventMs,
      note: `${o.firstEvent.directMedianMs.toFixed(2)} direct → ${o.firstEvent.relayMedianMs.toFixed(2)} ms relayed, ${o.firstEvent.iterations} pairs`,
    },
    { section: s, name: 'added to first event, p99', value: o.addedFirstEventP99Ms, unit: 'ms' },
  ]
}

export function overheadMetrics(o: OverheadResult): Metric[] {
  const s = 'Relay overhead (loopback)'
  return [
    ...firstEventMetrics(s, o),
    {
      section: s,
      name: `${o.stream.chunks.toLocaleString('en-US')}-chunk answer, relayed / direct wall time`,
      value: o.streamRatio,
      unit: 'x',
      budget: BUDGETS.streamRatio,
      note: `${o.stream.directMedianMs.toFixed(1)} → ${o.stream.relayMedianMs.toFixed(1)} ms, ${o.stream.iterations} pairs`,
    },
  ]
}

/** `POST /api/completion` against Dify `/completion-messages`, on a text generator's own relay. */
export function completionOverheadMetrics(o: FirstEventOverhead): Metric[] {
  return firstEventMetrics('Relay overhead (loopback), completion', o)
}

export function scaleMetrics(scale: ScaleResult, rates: Throughput[]): Metric[] {
  const s = 'Relay scale'
  const top = scale.steps.at(-1)
  return [
    {
      section: s,
      name: 'open streams held, zero errors',
      value: scale.maxStreamsHeld,
      unit: 'streams',
      budget: BUDGETS.openStreams,
      note: scale.steps
        .map((st) => `${st.streams}: ${st.errors} errors, opened in ${st.openSeconds.toFixed(0)} s`)
        .join('; '),
    },
    {
      section: s,
      name: 'stream errors',
      value: scale.steps.reduce((sum, st) => sum + st.errors, 0) + (scale.error ? 1 : 0),
      unit: 'count',
      budget: BUDGETS.streamErrors,
      ...(scale.error && { note: scale.error }),
    },
    {
      section: s,
      name: `RSS per open stream${top ? ` at ${top.streams}` : ''}`,
      value: top ? Math.round(top.rssPerStream) : null,
      unit: 'B',
      budget: BUDGETS.rssPerStreamBytes,
      note: `(RSS with them open − idle RSS) / streams; relay RSS ${top ? (top.relayRss / 1024 ** 2).toFixed(0) : '–'} MB with them open; ${scale.steps.map((st) => `${st.streams}: ${(st.rssPerStream / 1024).toFixed(0)} KB`).join(', ')}`,
    },
    {
      section: s,
      name: 'idle RSS of the relay process',
      value: scale.idleRss,
      unit: 'MB',
      budget: BUDGETS.idleRssBytes,
      note: `after a warm-up, settled; ${(scale.coldRss / 1024 ** 2).toFixed(1)} MB before any request`,
    },
    ...rates.map(
      (r): Metric => ({
        section: s,
        name: `${r.path} throughput`,
        value: r.failures > 0 ? null : r.requestsPerSecond,
        unit: 'req/s',
        note: `${r.connections} connections, ${r.seconds} s, p99 ${r.latencyP99Ms} ms${r.failures ? `, ${r.failures} failures` : ''}`,
      }),
    ),
  ]
}
