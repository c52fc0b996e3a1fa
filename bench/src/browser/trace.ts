/**
 * Chromium trace events (CDP tracing through Playwright) reduced to what the bench reports: the
 * renderer main thread's top-level tasks, busy time and the longest task within a time window.
 * Times here are page times (performance.now() ms), converted from the trace's microseconds with
 * the `bench:sync` mark the page placed at a known performance.now().
 */

/** Enough for tasks, script evaluation and the sync mark, at little cost to the page. */
export const TASK_CATEGORIES = ['toplevel', 'devtools.timeline', 'blink.user_timing']

/** What DevTools' Performance panel records: every kind of main-thread work, with its nesting. */
export const DETAIL_CATEGORIES = [
  ...TASK_CATEGORIES,
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'v8.execute',
  'v8',
  'blink.console',
]

export interface TraceEvent {
  name: string
  ph: string
  ts: number
  dur?: number
  /** Thread (CPU) time, µs: what the thread itself ran, without waits for a core. */
  tdur?: number
  pid: number
  tid: number
  args?: { name?: string; data?: { url?: string } }
}

export interface Task {
  start: number
  end: number
  /** CPU ms of the task, when the trace has it. */
  cpu?: number
}

export interface MainThread {
  /** The renderer process and main thread of the marked page, and the mark's trace time (µs). */
  pid: number
  tid: number
  markTs: number
  events: TraceEvent[]
  /** Page time (ms) → trace time (µs). */
  toTrace(at: number): number
  /** Trace time (µs) → page time (ms). */
  toPage(ts: number): number
  tasks: Task[]
  /** Page time at which the widget script began to evaluate (-1 if not in the trace). */
  scriptStart: number
}

const TOP_LEVEL = new Set(['RunTask', 'ThreadControllerImpl::RunTask'])

export function parseTrace(json: string, syncMark: string, syncAt: number): MainThread {
  const events = (JSON.parse(json) as { traceEvents: TraceEvent[] }).traceEvents
  const mark = events.find((e) => e.name === syncMark)
  if (!mark) throw new Error(`trace has no ${syncMark} mark`)
  const { pid } = mark
  const main =
    events.find(
      (e) =>
        e.pid === pid &&
        e.ph === 'M' &&
        e.name === 'thread_name' &&
        e.args?.name === 'CrRendererMain',
    )?.tid ?? mark.tid
  // Trace clock (µs) → page clock (ms).
  const toPage = (ts: number) => ts / 1000 - mark.ts / 1000 + syncAt
  const mine = events.filter((e) => e.pid === pid && e.tid === main && e.ph === 'X')
  const name = mine.some((e) => e.name === 'RunTask') ? 'RunTask' : 'ThreadControllerImpl::RunTask'
  const tasks = mine
    .filter((e) => TOP_LEVEL.has(e.name) && e.name === name && e.dur !== undefined)
    .map(
      (e): Task => ({
        start: toPage(e.ts),
        end: toPage(e.ts + (e.dur ?? 0)),
        ...(e.tdur !== undefined && { cpu: e.tdur / 1000 }),
      }),
    )
    .sort((a, b) => a.start - b.start)
  const evaluate = mine.find(
    (e) => e.name === 'EvaluateScript' && e.args?.data?.url?.endsWith('/widget.js'),
  )
  return {
    pid,
    tid: main,
    markTs: mark.ts,
    events,
    toTrace: (at) => mark.ts + (at - syncAt) * 1000,
    toPage,
    tasks,
    scriptStart: evaluate ? toPage(evaluate.ts) : -1,
  }
}

/** Milliseconds the thread was busy within [from, to] (overlapping tasks counted once). */
export function busyTime(tasks: readonly Task[], from: number, to: number): number {
  let busy = 0
  let reach = from
  for (const t of tasks) {
    const start = Math.max(t.start, reach)
    const end = Math.min(t.end, to)
    if (end > start) busy += end - start
    reach = Math.max(reach, Math.min(t.end, to))
  }
  return busy
}

/**
 * CPU ms of the tasks within [from, to] (a task cut by the window counts pro rata). On a busy
 * machine busy time includes waits for a core; this does not.
 */
export function cpuTime(tasks: readonly Task[], from: number, to: number): number {
  let cpu = 0
  for (const t of tasks) {
    const overlap = Math.min(t.end, to) - Math.max(t.start, from)
    if (overlap <= 0 || t.cpu === undefined) continue
    const length = t.end - t.start
    cpu += length > 0 ? (t.cpu * overlap) / length : t.cpu
  }
  return cpu
}

/** The longest task that overlaps [from, to], in ms (0 when none). */
export function longestTask(tasks: readonly Task[], from: number, to: number): number {
  let longest = 0
  for (const t of tasks)
    if (t.end > from && t.start < to) longest = Math.max(longest, t.end - t.start)
  return longest
}

/** One per frame the main thread renders (a frame that paints nothing new may lack Paint). */
const FRAME_EVENTS = new Set(['Paint', 'Layerize'])

/**
 * The end (page ms) of the last task that began before `at` and rendered a frame: for an `at` taken
 * in a task posted from a frame's animation callback, the end of that frame's main-thread work
 * (style, layout, paint, commit). -1 when no frame was rendered before `at`.
 */
export function frameEndBefore(main: MainThread, at: number): number {
  const limit = main.toTrace(at)
  let last: TraceEvent | undefined
  for (const e of main.events)
    if (
      e.pid === main.pid &&
      e.tid === main.tid &&
      e.ph === 'X' &&
      FRAME_EVENTS.has(e.name) &&
      e.ts < limit &&
      (!last || e.ts > last.ts)
    )
      last = e
  if (!last) return -1
  const paintAt = main.toPage(last.ts)
  return main.tasks.find((t) => t.start <= paintAt && t.end >= paintAt)?.end ?? -1
}

/** Script entry points a trace names with the script's URL. */
const SCRIPT_ENTRIES = new Set(['FunctionCall', 'EvaluateScript'])
/** Rendering work forced from script: it would have run in the next frame anyway. */
const FORCED_RENDERING = new Set(['UpdateLayoutTree', 'Layout'])

/**
 * Whether a trace event runs a script that has no URL: an init script the bench adds with
 * `addInitScript` or an evaluation Playwright sends over the DevTools protocol. A page's own
 * scripts, inline ones included, and the widget's all carry a URL.
 */
export function isUnnamedScript(e: TraceEvent): boolean {
  return SCRIPT_ENTRIES.has(e.name) && !e.args?.data?.url
}

/**
 * Main-thread ms (wall and CPU) within [from, to] spent in scripts without a URL (see
 * `isUnnamedScript`), less any style or layout they forced (that work belongs to whoever changed
 * the DOM). Events nested in one already counted are not counted again.
 */
export function unnamedScriptTime(
  main: MainThread,
  from: number,
  to: number,
): { wall: number; cpu: number } {
  const mine = main.events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0))
  const lo = main.toTrace(from)
  const hi = main.toTrace(to)
  let wall = 0
  let cpu = 0
  // The script event being counted, and the end of the last forced pass subtracted from it.
  let open: { end: number; forcedEnd: number } | null = null
  const add = (e: TraceEvent, sign: 1 | -1) => {
    const dur = e.dur ?? 0
    const overlap = Math.min(e.ts + dur, hi) - Math.max(e.ts, lo)
    if (overlap <= 0) return
    wall += (sign * overlap) / 1000
    if (e.tdur !== undefined) cpu += (sign * (e.tdur * overlap)) / (dur > 0 ? dur : 1) / 1000
  }
  for (const e of mine) {
    if (open && e.ts >= open.end) open = null
    if (!open) {
      if (isUnnamedScript(e)) {
        open = { end: e.ts + (e.dur ?? 0), forcedEnd: -1 }
        add(e, 1)
      }
    } else if (FORCED_RENDERING.has(e.name) && e.ts >= open.forcedEnd) {
      open.forcedEnd = e.ts + (e.dur ?? 0)
      add(e, -1)
    }
  }
  return { wall, cpu }
}
