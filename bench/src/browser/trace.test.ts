import { describe, expect, it } from 'vitest'
import { busyTime, cpuTime, longestTask, parseTrace } from './trace.ts'

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
