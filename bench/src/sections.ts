/** Each measurement's results turned into the table's metrics, beside their budgets. */
import type { BootResult } from './browser/boot.ts'
import type { StreamRun } from './browser/stream.ts'
import { BUDGETS } from './budgets.ts'
import type { Metric } from './metric.ts'
import type { OverheadResult } from './overhead.ts'
import type { ScaleResult } from './scale.ts'
import type { Throughput } from './throughput.ts'
import type { Weight } from './weight.ts'

export function weightMetrics(parley: Weight): Metric[] {
  const s = 'Widget weight'
  return [
    { section: s, name: 'widget.js raw', value: parley.raw, unit: 'B' },
    { section: s, name: 'widget.js gzip -9', value: parley.gzip, unit: 'B' },
    {
      section: s,
      name: 'widget.js brotli q11',
      value: parley.brotli,
      unit: 'B',
      budget: BUDGETS.widgetBrotli,
    },
  ]
}

export function bootMetrics(boot: BootResult): Metric[] {
  const s = 'Widget boot (Chromium)'
  const n = boot.runs.length
  const longest = boot.runs.map((r) => r.longestTaskMs).sort((a, b) => a - b)
  return [
    {
      section: s,
      name: 'main-thread time, script start → launcher visible',
      value: boot.medianMainThreadMs,
      unit: 'ms',
      note: `median of ${n}`,
    },
    {
      section: s,
      name: 'wall time, script start → launcher visible',
      value: boot.medianWallMs,
      unit: 'ms',
      note: `median of ${n}`,
    },
    {
      section: s,
      name: 'longest task during boot',
      value: longest[Math.floor(n / 2)] ?? null,
      unit: 'ms',
      budget: BUDGETS.bootLongestTaskMs,
      note: `median of ${n}; worst ${boot.longestTaskMs.toFixed(1)} ms`,
    },
    {
      section: s,
      name: 'runs with a long task (> 50 ms)',
      value: boot.runs.filter((r) => r.longTasks > 0).length,
      unit: 'count',
      note: `of ${n}`,
    },
    {
      section: s,
      name: 'cumulative layout shift',
      value: boot.cls,
      unit: 'score',
      budget: BUDGETS.bootCls,
      note: `worst of ${n}`,
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

export function streamMetrics(paced: StreamRun, fast: StreamRun): Metric[] {
  const s = 'Long answer (2,000 deltas, 20 KB md)'
  const keepsUp = paced.renderLagMs <= 100 && paced.busyPercent < 100
  return [
    {
      section: s,
      name: '~100/s: scripting / layout / all main-thread tasks',
      value: paced.taskMs,
      unit: 'ms',
      note: `${paced.scriptingMs.toFixed(0)} / ${paced.layoutMs.toFixed(0)} / ${paced.taskMs.toFixed(0)} ms over ${(paced.wallMs / 1000).toFixed(1)} s`,
    },
    { section: s, name: '~100/s: main thread busy', value: paced.busyPercent, unit: '%' },
    { section: s, name: '~100/s: longest task', value: paced.longestTaskMs, unit: 'ms' },
    {
      section: s,
      name: '~100/s: keeps up',
      value: keepsUp ? 1 : 0,
      unit: 'yes/no',
      note: `render lag after the last delta ${paced.renderLagMs.toFixed(0)} ms, ${paced.arrivalRate.toFixed(0)} deltas/s arrived`,
    },
    {
      section: s,
      name: '~100/s: ms per delta, first → last quarter',
      value: paced.linearity,
      unit: 'x',
      budget: BUDGETS.renderLinearity,
      note: `${paced.firstQuarterMsPerDelta?.toFixed(2)} → ${paced.lastQuarterMsPerDelta?.toFixed(2)} ms`,
    },
    {
      section: s,
      name: 'as fast as possible: scripting / layout / all tasks',
      value: fast.taskMs,
      unit: 'ms',
      note: `${fast.scriptingMs.toFixed(0)} / ${fast.layoutMs.toFixed(0)} / ${fast.taskMs.toFixed(0)} ms`,
    },
    {
      section: s,
      name: 'as fast as possible: longest task',
      value: fast.longestTaskMs,
      unit: 'ms',
    },
    {
      section: s,
      name: 'as fast as possible: first delta → shown done',
      value: fast.wallMs,
      unit: 'ms',
    },
  ]
}

export function overheadMetrics(o: OverheadResult): Metric[] {
  const s = 'Relay overhead (loopback)'
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
      note: scale.steps.map((st) => `${st.streams}: ${st.errors} errors`).join(', '),
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
      note: `relay RSS ${top ? (top.relayRss / 1024 ** 2).toFixed(0) : '–'} MB with them open`,
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
