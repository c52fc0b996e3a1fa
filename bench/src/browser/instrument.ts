/**
 * What the bench records inside the page (installed with `addInitScript`, so it runs before the
 * host page and the widget): long tasks, layout shifts, storage writes, when the launcher first
 * shows, when the app chunk runs, the launcher's first click and the first frame with the panel
 * visible after it, and when each chunk of the answer stream arrives (a tee of the widget's own
 * `/api/chat` response).
 *
 * "Shows" means painted: the check runs in a frame's animation callback and the time is taken in a
 * task posted from there, which runs after that frame's style, layout and paint.
 */

export interface PageRecord {
  longTasks: { start: number; duration: number }[]
  cls: number
  /** performance.now() right after the first frame with the launcher visible; -1 until then. */
  launcherAt: number
  /** When the app chunk announced itself (its script ran); -1 until then. */
  appAt: number
  /** The launcher's first click (the event's timeStamp); -1 until then. */
  clickAt: number
  /** Right after the first frame, after that click, with the panel visible; -1 until then. */
  panelAt: number
  /** Every write to localStorage, sessionStorage, cookies, IndexedDB or Cache Storage. */
  storageWrites: string[]
  /** [performance.now(), deltas received so far], one entry per chunk read. */
  arrivals: [number, number][]
  /** The first frame after the answer's `message` event in which it shows as done. */
  renderedAt: number
  /** performance.now() of the `bench:sync` mark, to line the page clock up with the trace. */
  syncAt: number
  /**
   * When the rendering update that first painted the page ran (the `first-paint` entry's paintTime,
   * not when that frame reached the screen); -1 until then.
   */
  firstPaintAt: number
}

export const SYNC_MARK = 'bench:sync'

/**
 * Logged (console.debug) once `launcherAt` is set, so the bench can wait for it without evaluating
 * anything in the page: Playwright's first evaluation injects its own script, a 20-50 ms task.
 */
export const LAUNCHER_SHOWN = 'bench:launcher-shown'

/** Runs in the page (serialized by Playwright): keep it self-contained. */
export function instrument(): void {
  const record: PageRecord = {
    longTasks: [],
    cls: 0,
    launcherAt: -1,
    appAt: -1,
    clickAt: -1,
    panelAt: -1,
    storageWrites: [],
    arrivals: [],
    renderedAt: -1,
    syncAt: performance.mark('bench:sync').startTime,
    firstPaintAt: -1,
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
  new PerformanceObserver((list) => {
    for (const e of list.getEntriesByName('first-paint') as (PerformanceEntry & {
      paintTime?: number
    })[])
      record.firstPaintAt = e.paintTime ?? e.startTime
  }).observe({ type: 'paint', buffered: true })

  // Storage writes, whoever makes them (the bench's host page makes none).
  const writes = record.storageWrites
  for (const method of ['setItem', 'removeItem', 'clear'] as const) {
    const original = Storage.prototype[method] as (...args: unknown[]) => unknown
    Storage.prototype[method] = function benchStorage(this: Storage, ...args: unknown[]) {
      const area = this === window.sessionStorage ? 'sessionStorage' : 'localStorage'
      writes.push(`${area}.${method}(${args[0] ?? ''})`)
      return original.apply(this, args)
    } as never
  }
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')
  if (cookie?.set && cookie.get) {
    const { get, set } = cookie
    Object.defineProperty(Document.prototype, 'cookie', {
      configurable: true,
      get,
      set(this: Document, value: string) {
        writes.push(`document.cookie = ${String(value).split('=')[0]}`)
        set.call(this, value)
      },
    })
  }
  const idbOpen = IDBFactory.prototype.open
  IDBFactory.prototype.open = function benchIdb(this: IDBFactory, name: string, version?: number) {
    writes.push(`indexedDB.open(${name})`)
    return idbOpen.call(this, name, version)
  }
  if (typeof CacheStorage !== 'undefined') {
    const cacheOpen = CacheStorage.prototype.open
    CacheStorage.prototype.open = function benchCache(this: CacheStorage, name: string) {
      writes.push(`caches.open(${name})`)
      return cacheOpen.call(this, name)
    }
  }

  const widgetPart = (name: string) =>
    document.getElementById('parley-widget')?.shadowRoot?.querySelector(`[data-parley="${name}"]`)
  const visible = (el: Element | null | undefined) => {
    if (!el) return false
    const rect = el.getBoundingClientRect()
    return (
      rect.width > 0 &&
      rect.height > 0 &&
      el.checkVisibility({ opacityProperty: true, visibilityProperty: true })
    )
  }
  /** Calls `fn` with the time right after the current frame's rendering. */
  const afterFrame = (fn: (at: number) => void) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => fn(performance.now())
    channel.port2.postMessage(0)
  }
  /** Polls in each frame until `part` is visible, then records the time after that frame. */
  const watch = (part: string, done: (at: number) => void) => {
    const poll = () => {
      if (visible(widgetPart(part))) afterFrame(done)
      else requestAnimationFrame(poll)
    }
    requestAnimationFrame(poll)
  }
  watch('launcher', (at) => {
    record.launcherAt = at
    console.debug('bench:launcher-shown')
  })

  // A chunk tells its own script element (no bubbling): capture sees it on the way there.
  document.addEventListener(
    'parley-chunk',
    () => {
      if (record.appAt < 0) record.appAt = performance.now()
    },
    true,
  )
  addEventListener(
    'click',
    (event) => {
      if (record.clickAt >= 0) return
      const path = event.composedPath() as HTMLElement[]
      if (!path.some((el) => el.dataset?.parley === 'launcher')) return
      record.clickAt = event.timeStamp
      watch('panel', (at) => {
        record.panelAt = at
      })
    },
    true,
  )

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
