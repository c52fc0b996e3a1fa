/**
 * Chromium trace events (CDP tracing through Playwright) reduced to what the bench reports: the
 * renderer main thread's top-level tasks, busy time and the longest task within a time window.
 * Times here are page times (performance.now() ms), converted from the trace's microseconds with
 * the `bench:sync` mark the page placed at a known performance.now().
 */

export interface TraceEvent {
  name: string
  ph: string
  ts: number
  dur?: number
  pid: number
  tid: number
  args?: { name?: string; data?: { url?: string } }
}

export interface Task {
  start: number
  end: number
}

export interface MainThread {
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
    .map((e) => ({ start: toPage(e.ts), end: toPage(e.ts + (e.dur ?? 0)) }))
    .sort((a, b) => a.start - b.start)
  const evaluate = mine.find(
    (e) => e.name === 'EvaluateScript' && e.args?.data?.url?.endsWith('/widget.js'),
  )
  return { tasks, scriptStart: evaluate ? toPage(evaluate.ts) : -1 }
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

/** The longest task that overlaps [from, to], in ms (0 when none). */
export function longestTask(tasks: readonly Task[], from: number, to: number): number {
  let longest = 0
  for (const t of tasks)
    if (t.end > from && t.start < to) longest = Math.max(longest, t.end - t.start)
  return longest
}
