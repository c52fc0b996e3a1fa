import { describe, expect, it } from 'vitest'
import { SourceMap } from '../sourcemap.ts'
import {
  areaOfSource,
  type CpuProfile,
  cpuBreakdown,
  kindOf,
  shortSource,
  timelineBreakdown,
} from './breakdown.ts'
import type { TraceEvent } from './trace.ts'

const x = (name: string, ts: number, dur: number, tid = 1): TraceEvent => ({
  name,
  ph: 'X',
  ts,
  dur,
  pid: 9,
  tid,
})

describe('timelineBreakdown', () => {
  const events = [
    // A task: script that forces a layout, then the frame's own rendering.
    x('RunTask', 0, 10_000),
    x('FunctionCall', 100, 5_000),
    x('Layout', 1_000, 2_000),
    x('UpdateLayoutTree', 6_000, 1_000),
    x('Paint', 7_000, 2_000),
    x('Layerize', 9_000, 500),
    // Another thread, and a task outside the window: not counted.
    x('RunTask', 0, 50_000, 2),
    x('RunTask', 90_000, 5_000),
    x('Layout', 91_000, 1_000),
  ]

  it('splits busy time into self time by kind, within the window, on one thread', () => {
    const t = timelineBreakdown(events, 9, 1, 0, 50_000)
    expect(t.busyMs).toBe(10)
    expect(t.tasks).toBe(1)
    expect(t.frames).toBe(1)
    expect(t.byKind).toEqual({
      scripting: 3,
      style: 1,
      layout: 2,
      paint: 2.5,
      gc: 0,
      other: 1.5,
    })
    expect(t.byEvent[0]).toEqual(['FunctionCall', 3])
    expect(t.longest).toMatchObject({ atMs: 0, ms: 10 })
    expect(t.longest?.byEvent[0]).toEqual(['FunctionCall', 3])
  })

  it('leaves out what `exclude` picks, but not the style or layout it forced', () => {
    const t = timelineBreakdown(events, 9, 1, 0, 50_000, (e) => e.name === 'FunctionCall')
    expect(t.byKind).toEqual({ scripting: 0, style: 1, layout: 2, paint: 2.5, gc: 0, other: 1.5 })
    expect(t.excluded).toEqual({ ms: 3, cpuMs: 0 })
    expect(timelineBreakdown(events, 9, 1, 0, 50_000).excluded).toBeUndefined()
  })

  it('counts style and layout inside script as forced', () => {
    const t = timelineBreakdown(events, 9, 1, 0, 50_000)
    expect(t.forced).toEqual({ count: 1, ms: 2, styleMs: 0, layoutMs: 2 })
  })

  it('reports each quarter of the window apart', () => {
    const t = timelineBreakdown(events, 9, 1, 0, 100_000)
    expect(t.quarters[0]?.byKind.layout).toBe(2)
    expect(t.quarters[3]?.byKind.layout).toBe(1)
    expect(t.quarters[0]?.frames).toBe(1)
  })

  it('names kinds as DevTools does', () => {
    expect(kindOf('RunMicrotasks')).toBe('scripting')
    expect(kindOf('Layerize')).toBe('paint')
    expect(kindOf('MinorGC')).toBe('gc')
    expect(kindOf('ThreadControllerImpl::RunTask')).toBe('other')
  })
})

describe('cpuBreakdown', () => {
  const frame = (functionName: string, url: string, lineNumber = 0, columnNumber = 0) => ({
    functionName,
    url,
    lineNumber,
    columnNumber,
  })
  const app = 'http://relay/widget/app.0123456789abcdef.js'
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)', ''), children: [2, 5, 6] },
      { id: 2, callFrame: frame('render', app, 0, 0), children: [3] },
      { id: 3, callFrame: frame('parse', app, 0, 4), children: [4] },
      { id: 4, callFrame: frame('set scrollTop', '') },
      { id: 5, callFrame: frame('(idle)', '') },
      { id: 6, callFrame: frame('(program)', '') },
    ],
    samples: [2, 3, 3, 4, 5, 6],
    timeDeltas: [0, 1000, 1000, 1000, 1000, 1000],
  }
  // Column 0 → src/ui/List.tsx line 3; column 4 → micromark's tokenizer line 10.
  const map = new SourceMap({
    sources: [
      'src/ui/List.tsx',
      '../node_modules/.pnpm/micromark@4/node_modules/micromark/lib/t.js',
    ],
    mappings: 'AAEA,ICQA',
  })

  it('maps app frames to their files and groups them by area, idle excluded', () => {
    const c = cpuBreakdown(profile, app, map)
    expect(c.sampledMs).toBe(5)
    expect(Object.fromEntries(c.byArea)).toEqual({
      'widget UI (widget/src/ui)': 1,
      'markdown parser (micromark, mdast)': 2,
      'browser APIs called by the app': 1,
      'browser work outside JS (style, layout, paint, …)': 1,
    })
    expect(c.selfByFunction[0]).toEqual(['parse micromark/t.js:11', 2])
    expect(Object.fromEntries(c.totalByFunction)).toEqual({
      'render src/ui/List.tsx:3': 4,
      'parse micromark/t.js:11': 3,
    })
  })

  it('names areas and files by path', () => {
    expect(
      areaOfSource('../node_modules/.pnpm/preact@10/node_modules/preact/src/diff/index.js'),
    ).toBe('Preact (diff, hooks)')
    expect(areaOfSource('../node_modules/@nanostores/preact/index.js')).toBe(
      'stores (nanostores, widget/src/stores)',
    )
    expect(areaOfSource('src/markdown/render.tsx')).toBe('markdown → Preact (widget/src/markdown)')
    expect(areaOfSource('../../shared/src/sse.ts')).toBe(
      'event stream (eventsource-parser, shared/src/sse.ts, src/api)',
    )
    expect(shortSource('../../shared/src/sse.ts')).toBe('shared/src/sse.ts')
    expect(shortSource('../node_modules/.pnpm/x@1/node_modules/@scope/pkg/lib/a.js')).toBe(
      '@scope/pkg/a.js',
    )
  })
})
