import { describe, expect, it } from 'vitest'
import {
  busyTime,
  cpuTime,
  frameEndBefore,
  longestTask,
  parseTrace,
  type TraceEvent,
  unnamedScriptTime,
} from './trace.ts'

const tasks = [
  { start: 0, end: 10 },
  { start: 5, end: 12 },
  { start: 20, end: 80 },
]

describe('main-thread time', () => {
  it('counts overlapping tasks once and clips to the window', () => {
    expect(busyTime(tasks, 0, 100)).toBe(72)
    expect(busyTime(tasks, 8, 30)).toBe(14)
  })

  it('counts CPU time of tasks in the window, pro rata when cut', () => {
    const withCpu = [
      { start: 0, end: 10, cpu: 4 },
      { start: 20, end: 80, cpu: 30 },
    ]
    expect(cpuTime(withCpu, 0, 100)).toBe(34)
    expect(cpuTime(withCpu, 5, 50)).toBe(2 + 15)
  })

  it('finds the longest task touching the window', () => {
    expect(longestTask(tasks, 0, 15)).toBe(10)
    expect(longestTask(tasks, 70, 200)).toBe(60)
    expect(longestTask(tasks, 90, 200)).toBe(0)
  })
})

describe('parseTrace', () => {
  it('keeps the main thread of the marked renderer, in page time', () => {
    const trace = {
      traceEvents: [
        { name: 'thread_name', ph: 'M', ts: 0, pid: 2, tid: 7, args: { name: 'CrRendererMain' } },
        { name: 'bench:sync', ph: 'R', ts: 1_000_000, pid: 2, tid: 7 },
        { name: 'RunTask', ph: 'X', ts: 1_010_000, dur: 5000, tdur: 3000, pid: 2, tid: 7 },
        { name: 'RunTask', ph: 'X', ts: 1_010_000, dur: 9000, pid: 3, tid: 7 },
        {
          name: 'EvaluateScript',
          ph: 'X',
          ts: 1_011_000,
          dur: 1000,
          pid: 2,
          tid: 7,
          args: { data: { url: 'http://r/widget.js' } },
        },
      ],
    }
    const main = parseTrace(JSON.stringify(trace), 'bench:sync', 50)
    expect(main.tasks).toEqual([{ start: 60, end: 65, cpu: 3 }])
    expect(main.scriptStart).toBe(61)
  })
})

describe('the page-view window', () => {
  const ev = (name: string, ts: number, dur: number, tdur = dur, url?: string): TraceEvent => ({
    name,
    ph: 'X',
    ts,
    dur,
    tdur,
    pid: 2,
    tid: 7,
    ...(url !== undefined && { args: { data: { url } } }),
  })
  // Page time = trace µs / 1000 (the mark at 0 µs, page time 0).
  const main = (events: TraceEvent[]) =>
    parseTrace(
      JSON.stringify({ traceEvents: [{ name: 'm', ph: 'R', ts: 0, pid: 2, tid: 7 }, ...events] }),
      'm',
      0,
    )
  const trace = main([
    // The task that runs widget.js.
    ev('RunTask', 10_000, 5_000),
    ev('EvaluateScript', 10_100, 3_000, 3_000, 'http://r/widget.js'),
    // A frame: the bench's rAF check (forcing a layout), then paint.
    ev('RunTask', 20_000, 4_000, 2_000),
    ev('FireAnimationFrame', 20_100, 1_500),
    ev('FunctionCall', 20_200, 1_000, 500, ''),
    ev('Layout', 20_500, 400, 200),
    ev('Paint', 22_000, 500),
    // After the frame: a widget timer, then the bench's message task (launcherAt = 30 ms).
    ev('RunTask', 25_000, 2_000),
    ev('FunctionCall', 25_100, 1_500, 1_500, 'http://r/widget.js'),
    ev('RunTask', 29_000, 1_000),
    ev('FunctionCall', 29_100, 800, 800, ''),
  ])

  it('ends at the end of the last frame before launcherAt', () => {
    expect(frameEndBefore(trace, 30)).toBe(24)
    expect(frameEndBefore(trace, 21)).toBe(-1)
  })

  it('measures scripts without a URL, less the style and layout they forced', () => {
    const own = unnamedScriptTime(trace, 10, 24)
    expect(own.wall).toBeCloseTo(0.6)
    expect(own.cpu).toBeCloseTo(0.3)
    // Clipped to the window; the widget's own calls never count.
    expect(unnamedScriptTime(trace, 10, 29.5).wall).toBeCloseTo(0.6 + 0.4)
  })
})
