/**
 * What the bench records inside the page (installed with `addInitScript`, so it runs before the
 * host page and the widget): long tasks, layout shifts, when the launcher first shows, and when
 * each chunk of the answer stream arrives (a tee of the widget's own `/api/chat` response).
 */

export interface PageRecord {
  longTasks: { start: number; duration: number }[]
  cls: number
  /** performance.now() of the first frame with the launcher visible; -1 until then. */
  launcherAt: number
  /** [performance.now(), deltas received so far], one entry per chunk read. */
  arrivals: [number, number][]
  /** The first frame after the answer's `message` event in which it shows as done. */
  renderedAt: number
  /** performance.now() of the `bench:sync` mark, to line the page clock up with the trace. */
  syncAt: number
}

export const SYNC_MARK = 'bench:sync'

/** Runs in the page (serialized by Playwright): keep it self-contained. */
export function instrument(): void {
  const record: PageRecord = {
    longTasks: [],
    cls: 0,
    launcherAt: -1,
    arrivals: [],
    renderedAt: -1,
    syncAt: performance.mark('bench:sync').startTime,
  }
  Object.defineProperty(window, '__bench', { value: record })

  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      record.longTasks.push({ start: e.startTime, duration: e.duration })
  }).observe({ type: 'longtask', buffered: true })
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as (PerformanceEntry & {
      value: number
      hadRecentInput: boolean
    })[])
      if (!e.hadRecentInput) record.cls += e.value
  }).observe({ type: 'layout-shift', buffered: true })

  const widgetPart = (name: string) =>
    document.getElementById('parley-widget')?.shadowRoot?.querySelector(`[data-parley="${name}"]`)
  const pollLauncher = () => {
    const launcher = widgetPart('launcher')
    if (launcher && launcher.getBoundingClientRect().width > 0) {
      record.launcherAt = performance.now()
      return
    }
    requestAnimationFrame(pollLauncher)
  }
  requestAnimationFrame(pollLauncher)

  addEventListener('parley:message', (event) => {
    if ((event as CustomEvent<{ role: string }>).detail.role !== 'assistant') return
    const check = () => {
      const answers = document
        .getElementById('parley-widget')
        ?.shadowRoot?.querySelectorAll('[data-parley="message"][data-role="assistant"]')
      const last = answers?.[answers.length - 1]
      if (last?.getAttribute('data-state') === 'done') record.renderedAt = performance.now()
      else requestAnimationFrame(check)
    }
    requestAnimationFrame(check)
  })

  const original = window.fetch
  window.fetch = async function benchFetch(input, init) {
    const response = await original.call(this, input, init)
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    if (!new URL(url, location.href).pathname.endsWith('/api/chat') || !response.body)
      return response
    const [mine, theirs] = response.body.tee()
    void (async () => {
      const reader = mine.pipeThrough(new TextDecoderStream()).getReader()
      const needle = 'event: delta'
      let count = 0
      let tail = ''
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        const text = tail + value
        for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length))
          count++
        tail = text.slice(Math.max(0, text.length - needle.length + 1))
        record.arrivals.push([performance.now(), count])
      }
    })()
    return new Response(theirs, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    })
  }
}
