/**
 * Where main-thread time goes, from two recordings of the same run:
 * - the Chromium trace: each event's self time (its duration less its children's) on the renderer's
 *   main thread, by kind of work (scripting, style, layout, paint, GC), and the layouts JavaScript
 *   forced (a style or layout pass nested inside script rather than in a frame's rendering);
 * - the V8 CPU profile: sampled time per function of the app, each mapped through the app's source
 *   map to its file, and files grouped by what they do (markdown parsing, Preact, stores, …).
 */
import type { SourceMap } from '../sourcemap.ts'
import type { TraceEvent } from './trace.ts'

export type Kind = 'scripting' | 'style' | 'layout' | 'paint' | 'gc' | 'other'

const SCRIPTING = new Set([
  'FunctionCall',
  'EvaluateScript',
  'TimerFire',
  'EventDispatch',
  'FireAnimationFrame',
  'FireIdleCallback',
  'RunMicrotasks',
  'BlinkScheduler_PerformMicrotaskCheckpoint',
  'v8.run',
  'v8.compile',
  'v8.callFunction',
  'V8.Execute',
  'V8.CompileCode',
  'V8.CompileLazy',
  'v8.compileModule',
  'v8.evaluateModule',
  'XHRReadyStateChange',
  'XHRLoad',
  'ParseHTML',
])
const STYLE = new Set(['UpdateLayoutTree', 'RecalculateStyles', 'ParseAuthorStyleSheet'])
const LAYOUT = new Set(['Layout', 'HitTest', 'LayoutShift'])
const PAINT = new Set([
  'Paint',
  'PrePaint',
  'Layerize',
  'UpdateLayer',
  'UpdateLayerTree',
  'Commit',
  'CompositeLayers',
  'PaintImage',
  'Decode Image',
  'ScrollLayer',
])

export function kindOf(name: string): Kind {
  if (SCRIPTING.has(name)) return 'scripting'
  if (STYLE.has(name)) return 'style'
  if (LAYOUT.has(name)) return 'layout'
  if (PAINT.has(name)) return 'paint'
  if (/GC|Sweep|Marking|BlinkGC|ThreadState::|CppGC/i.test(name)) return 'gc'
  return 'other'
}

export interface TimelineBreakdown {
  /** Busy ms (top-level tasks starting within the window). */
  busyMs: number
  byKind: Record<Kind, number>
  /** The same in thread (CPU) time, without the thread's waits for a core. */
  byKindCpu: Record<Kind, number>
  /** Self ms by trace event name, largest first. */
  byEvent: [name: string, ms: number][]
  /** Style and layout passes run inside script (read of a layout property after a DOM change). */
  forced: { count: number; ms: number; styleMs: number; layoutMs: number }
  /** Top-level tasks counted. */
  tasks: number
  /** Frames the main thread rendered (its layerize passes, one a frame). */
  frames: number
  /** Self ms by kind and frames, in each quarter of the window: what grows as the answer grows. */
  quarters: { byKind: Record<Kind, number>; frames: number }[]
  /** The longest top-level task: when (ms into the window), how long, and its largest parts. */
  longest: { atMs: number; ms: number; byEvent: [name: string, ms: number][] } | null
  /** Self ms (wall and CPU) left out of the kinds above by `exclude`, when given. */
  excluded?: { ms: number; cpuMs: number }
}

const noKinds = (): Record<Kind, number> => ({
  scripting: 0,
  style: 0,
  layout: 0,
  paint: 0,
  gc: 0,
  other: 0,
})

/** One per frame the main thread renders, in lean traces too. */
const FRAME = 'Layerize'

const TOP = new Set(['RunTask', 'ThreadControllerImpl::RunTask'])

/**
 * Self time per kind of the main thread's complete (`X`) events, for the top-level tasks that start
 * in [from, to] (trace microseconds). Events `exclude` picks, and the events inside them, are left
 * out (counted in `excluded`), except style, layout and paint, which are counted as usual.
 */
export function timelineBreakdown(
  events: readonly TraceEvent[],
  pid: number,
  tid: number,
  from: number,
  to: number,
  exclude?: (e: TraceEvent) => boolean,
): TimelineBreakdown {
  const mine = events
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0))
  const byKind = noKinds()
  const byKindCpu = noKinds()
  const quarters = [0, 1, 2, 3].map(() => ({ byKind: noKinds(), frames: 0 }))
  const quarterOf = (ts: number) =>
    quarters[Math.min(3, Math.max(0, Math.floor((4 * (ts - from)) / Math.max(1, to - from))))]
  let frames = 0
  let longest: TimelineBreakdown['longest'] = null
  let current: { atMs: number; ms: number; byEvent: Map<string, number> } | null = null
  const endTask = () => {
    if (current && (!longest || current.ms > longest.ms)) {
      longest = {
        atMs: current.atMs,
        ms: current.ms,
        byEvent: [...current.byEvent].sort((a, b) => b[1] - a[1]).slice(0, 6),
      }
    }
    current = null
  }
  const byEvent = new Map<string, number>()
  const forced = { count: 0, ms: 0, styleMs: 0, layoutMs: 0 }
  const excluded = { ms: 0, cpuMs: 0 }
  let busy = 0
  let tasks = 0
  // Open events, outermost first, each with the time its children took.
  const stack: {
    e: TraceEvent
    end: number
    children: number
    childrenCpu: number
    inScript: boolean
    excluded: boolean
  }[] = []
  const close = (until: number) => {
    for (let top = stack.at(-1); top && top.end <= until; top = stack.at(-1)) {
      stack.pop()
      const self = Math.max(0, (top.e.dur ?? 0) - top.children) / 1000
      const cpu = top.e.tdur ?? 0
      const selfCpu = Math.max(0, cpu - top.childrenCpu) / 1000
      const parent = stack.at(-1)
      if (parent) {
        parent.children += top.e.dur ?? 0
        parent.childrenCpu += cpu
      }
      // The outer RunTask and its ThreadController twin count as "other" only for their own slack.
      const name = top.e.name
      const kind = kindOf(name)
      if (top.excluded && kind !== 'style' && kind !== 'layout' && kind !== 'paint') {
        excluded.ms += self
        excluded.cpuMs += selfCpu
        continue
      }
      byKind[kind] += self
      byKindCpu[kind] += selfCpu
      const quarter = quarterOf(top.e.ts)
      if (quarter) {
        quarter.byKind[kind] += self
        if (name === FRAME) quarter.frames++
      }
      if (name === FRAME) frames++
      byEvent.set(name, (byEvent.get(name) ?? 0) + self)
      current?.byEvent.set(name, (current.byEvent.get(name) ?? 0) + self)
      if (top.inScript && (kind === 'style' || kind === 'layout')) {
        forced.count++
        forced.ms += self
        if (kind === 'style') forced.styleMs += self
        else forced.layoutMs += self
      }
    }
  }
  let taskEnd = -1
  let inWindow = false
  for (const e of mine) {
    close(e.ts)
    const end = e.ts + (e.dur ?? 0)
    if (stack.length === 0) {
      // A new top-level task: counted when it starts within the window.
      endTask()
      inWindow = e.ts >= from && e.ts <= to
      if (inWindow && TOP.has(e.name)) {
        busy += Math.max(0, end - Math.max(e.ts, taskEnd))
        taskEnd = Math.max(taskEnd, end)
        tasks++
        current = { atMs: (e.ts - from) / 1000, ms: (e.dur ?? 0) / 1000, byEvent: new Map() }
      }
    }
    if (!inWindow) continue
    const parent = stack.at(-1)
    const inScript = !!parent && (parent.inScript || kindOf(parent.e.name) === 'scripting')
    const out = !!parent?.excluded || !!exclude?.(e)
    stack.push({ e, end, children: 0, childrenCpu: 0, inScript, excluded: out })
  }
  close(Number.POSITIVE_INFINITY)
  endTask()
  return {
    busyMs: busy / 1000,
    byKind,
    byKindCpu,
    byEvent: [...byEvent].sort((a, b) => b[1] - a[1]),
    forced,
    tasks,
    frames,
    quarters,
    longest,
    ...(exclude && { excluded }),
  }
}

/** The subset of a V8 CPU profile (CDP `Profiler.stop`) the bench reads. */
export interface CpuProfile {
  nodes: {
    id: number
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
    children?: number[]
  }[]
  samples: number[]
  timeDeltas: number[]
}

export type Area =
  | 'markdown parser (micromark, mdast)'
  | 'markdown → Preact (widget/src/markdown)'
  | 'Preact (diff, hooks)'
  | 'stores (nanostores, widget/src/stores)'
  | 'widget UI (widget/src/ui)'
  | 'event stream (eventsource-parser, shared/src/sse.ts, src/api)'
  | 'widget, other'
  | 'browser APIs called by the app'
  | 'garbage collector'
  | 'browser work outside JS (style, layout, paint, …)'
  | 'other scripts (the bench)'

/** The area of an app source file (a path from the source map). */
export function areaOfSource(source: string): Area {
  if (/micromark|mdast|unist|decode-named|character-entit|markdown\/entities/.test(source))
    return 'markdown parser (micromark, mdast)'
  if (/nanostores|src\/stores\//.test(source)) return 'stores (nanostores, widget/src/stores)'
  if (/preact/.test(source)) return 'Preact (diff, hooks)'
  if (/src\/markdown\/|src\/ui\/Markdown/.test(source))
    return 'markdown → Preact (widget/src/markdown)'
  if (/src\/ui\//.test(source)) return 'widget UI (widget/src/ui)'
  if (/eventsource-parser|src\/api\/|shared\/src\/sse/.test(source))
    return 'event stream (eventsource-parser, shared/src/sse.ts, src/api)'
  return 'widget, other'
}

/** A short name for a source path: the package and file, or the widget-relative path. */
export function shortSource(source: string): string {
  const pkg = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(source)
  if (pkg) return `${pkg[1]}/${pkg[2]?.split('/').pop()}`
  return source.replace(/^(\.\.\/)+/, '').replace(/^\.\//, '')
}

export interface CpuBreakdown {
  /** Sampled ms, idle excluded. */
  sampledMs: number
  byArea: [Area, number][]
  /** Self ms by function (`name file:line`), largest first. */
  selfByFunction: [string, number][]
  /** Inclusive ms by app function (time with it on the stack), largest first. */
  totalByFunction: [string, number][]
}

/** Sampled time by area and function; frames of `appUrl` are mapped through `map`. */
export function cpuBreakdown(
  profile: CpuProfile,
  appUrl: string,
  map: SourceMap | null,
): CpuBreakdown {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const describe = new Map<number, { key: string; area: Area; app: boolean }>()
  const describeNode = (id: number) => {
    const known = describe.get(id)
    if (known) return known
    const { callFrame: f } = byId.get(id) ?? {
      callFrame: { functionName: '?', url: '', lineNumber: 0, columnNumber: 0 },
    }
    let out: { key: string; area: Area; app: boolean }
    if (f.url === appUrl) {
      const original = map?.lookup(f.lineNumber, f.columnNumber)
      const source = original?.source ?? f.url
      const name = f.functionName || original?.name || '(anonymous)'
      out = {
        key: `${name} ${shortSource(source)}:${(original?.line ?? f.lineNumber) + 1}`,
        area: areaOfSource(source),
        app: true,
      }
    } else if (f.url === '') {
      const name = f.functionName || '(anonymous)'
      const area: Area =
        name === '(garbage collector)'
          ? 'garbage collector'
          : name === '(program)' || name === '(root)'
            ? 'browser work outside JS (style, layout, paint, …)'
            : 'browser APIs called by the app'
      out = { key: name, area, app: false }
    } else {
      out = {
        key: `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}`,
        area: 'other scripts (the bench)',
        app: false,
      }
    }
    describe.set(id, out)
    return out
  }
  const byArea = new Map<Area, number>()
  const self = new Map<string, number>()
  const total = new Map<string, number>()
  let sampled = 0
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000
    const node = byId.get(id)
    if (!node || node.callFrame.functionName === '(idle)') return
    sampled += ms
    const d = describeNode(id)
    // A browser API's time belongs to the app when the app called it (e.g. a scrollTop setter).
    let area = d.area
    if (area === 'browser APIs called by the app') {
      const caller = parent.get(id)
      if (caller !== undefined && !describeNode(caller).app) area = 'other scripts (the bench)'
    }
    byArea.set(area, (byArea.get(area) ?? 0) + ms)
    self.set(d.key, (self.get(d.key) ?? 0) + ms)
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const up = describeNode(at)
      if (!up.app || seen.has(up.key)) continue
      seen.add(up.key)
      total.set(up.key, (total.get(up.key) ?? 0) + ms)
    }
  })
  const sorted = <K>(m: Map<K, number>) => [...m].sort((a, b) => b[1] - a[1])
  return {
    sampledMs: sampled,
    byArea: sorted(byArea),
    selfByFunction: sorted(self),
    totalByFunction: sorted(total),
  }
}
