import { describe, expect, it } from 'vitest'
import type { BootResult, BootRun } from './browser/boot.ts'
import { statusOf } from './metric.ts'
import { floorMetrics } from './sections.ts'

const kinds = { scripting: 0, style: 0, layout: 0, paint: 0, gc: 0, other: 0 }

/** A page-view result whose runs took `busy` ms of main thread and `cpu` ms on a core each. */
function boot(busy: number[], cpu: number): BootResult {
  const runs = busy.map(
    (ms): BootRun => ({
      mainThreadMs: ms,
      cpuMs: cpu,
      wallMs: ms,
      benchScriptMs: 0,
      benchScriptCpuMs: 0,
      pageFirstPaintInWindow: false,
      byKind: kinds,
      byKindCpu: kinds,
      longestTaskMs: ms,
      longTasks: 0,
      cls: 0,
      requests: [],
      transferred: 0,
      storageWrites: [],
      foreignRequests: [],
    }),
  )
  const sorted = [...busy].sort((a, b) => a - b)
  return {
    runs,
    medianMainThreadMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
    medianCpuMs: cpu,
    medianWallMs: 0,
    medianBenchScriptMs: 0,
    pageFirstPaintInWindow: 0,
    medianByKind: kinds,
    medianByKindCpu: kinds,
    longestTaskMs: 0,
    longTasks: 0,
    cls: 0,
    requests: [],
    requestCount: 0,
    medianTransferred: 0,
    storageWrites: [],
    foreignRequests: [],
  }
}

describe('floorMetrics', () => {
  it('reports the floor and what the loader costs above it, neither against a budget', () => {
    const [floor, above] = floorMetrics(boot([14, 15, 17], 5.5), boot([20, 22, 30], 7.25))
    expect(floor).toMatchObject({ value: 15, unit: 'ms' })
    expect(floor?.note).toContain('median of 3; 14.0 … 17.0 ms; thread CPU 5.50 ms')
    expect(above).toMatchObject({ name: 'loader above that floor', value: 7, unit: 'ms' })
    expect(above?.note).toContain('thread CPU 1.75 ms')
    expect([floor, above].map((m) => m && statusOf(m))).toEqual(['info', 'info'])
  })

  it('reports the floor alone when the loader could not be measured', () => {
    expect(floorMetrics(boot([15], 5), null)).toHaveLength(1)
  })
})
