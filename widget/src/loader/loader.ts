/**
 * `window.Parley` before and after the app: draws the launcher, decides when to fetch the app
 * (data-preload, or at once when there is something to show), queues API calls until the app is
 * there and replays them in order, and keeps a working launcher that retries if the app fails.
 */
import { type Data, invalid, type LoaderConfig, storageKey, warnConsole } from '../config.ts'
import { emitter, on, type ParleyEventName, type ParleyEvents } from '../events.ts'
import type { AppChunk, AppControl, ChunkFile, Handoff, OpenOptions } from '../handoff.ts'
import { isRtl, pickLang } from '../i18n/languages.ts'
import { loadChunk } from './chunk.ts'
import { type Drawn, drawHost, drawLauncher, HOST_ID, type Launcher } from './launcher.ts'
import { launcherTexts } from './strings.ts'

export interface ParleyApi {
  /** Opens the panel; with `message`, puts it in the composer, or sends it with `send: true`. */
  open(options?: OpenOptions): void
  close(): void
  toggle(): void
  /** Opens the panel and sends `text` as the visitor. */
  send(text: string): void
  /** Opens the panel and generates from `inputs` (text-generation and workflow apps). */
  generate(inputs: Record<string, unknown>): void
  /** More app inputs, as if data-inputs had them (sent from now on). */
  setInputs(inputs: Record<string, unknown>): void
  /** Starts a new conversation. */
  reset(): void
  /** Signs the visitor in with a user token from the site's backend (README: Signed-in users). */
  identify(token: string): void
  /** Forgets the signed-in user and their conversation in this browser. */
  logout(): void
  on<K extends ParleyEventName>(event: K, fn: (detail: ParleyEvents[K]) => void): () => void
  /** Draws the widget (again, after destroy). Idempotent. */
  init(): void
  /** Removes the widget from the page. */
  destroy(): void
  /** The widget of `app` (its data-app; none: the tag without one) on this page. */
  get(app?: string): ParleyApi | undefined
  version: string
}

/** The page's widgets by data-app, shared by every widget's `get`; a new one is added with `add`. */
export type Registry = (app?: string, add?: ParleyApi) => ParleyApi | undefined

export function newRegistry(): Registry {
  const widgets: Record<string, ParleyApi | undefined> = {}
  // Without `add` a lookup; with it, a new widget (the tag of an app already there draws none).
  return (app = '', add) => (widgets[app] ??= add)
}

type Name = Exclude<keyof AppControl, 'destroy'>
type Call = [name: Name, arg?: unknown]

const CALLS: Name[] = [
  'open',
  'close',
  'toggle',
  'send',
  'generate',
  'setInputs',
  'reset',
  'identify',
  'logout',
]

/**
 * Whether this tab has a conversation to restore (reading only; junk only loads the app, which
 * checks it). A data-persist="browser" one is restored when the app loads on intent: reading
 * localStorage too costs every page view bytes.
 */
function hasConversation(key: string): boolean {
  try {
    return /"conversationId":"/.test(String(sessionStorage.getItem(key)))
  } catch {
    return false
  }
}

/** Inline mode's container; none (a warning, and a bubble instead) when data-target finds none. */
function inlineTarget(config: LoaderConfig): Element | null {
  if (config.mode !== 'inline') return null
  let target: Element | null = null
  try {
    // An empty selector throws too.
    target = document.querySelector(config.target ?? '')
  } catch {}
  if (!target) warnConsole(invalid('target', config.target ?? ''))
  return target
}

/**
 * One widget: `registry` is the page's (from its first widget), none for the first, whose host is
 * `#parley-widget`; a later one's is `#parley-widget-<data-app>` (`-default` for a tag without).
 */
export function createLoader(
  config: LoaderConfig,
  data: Data,
  app: ChunkFile,
  version: string,
  registry?: Registry,
  load = loadChunk,
): ParleyApi {
  const page = document.documentElement
  // navigator.language only when needed: its first read costs a page view ~0.3 ms in Chromium.
  const asked = pickLang(config.lang, page.lang) ?? pickLang(navigator.language)
  const lang = asked ?? 'en'
  const dir = isRtl(lang) || page.dir.toLowerCase() === 'rtl' ? 'rtl' : 'ltr'
  const [label, failedText] = launcherTexts(lang)
  let drawn: (Drawn & { config: LoaderConfig; launcher: Launcher | null }) | null = null
  let chunk: AppChunk | null = null
  let control: AppControl | null = null
  /** The app's load under way, or done (then `chunk` is set): one at a time. */
  let loading: Promise<void> | null = null
  let queue: Call[] = []
  /** Aborted by destroy: the listeners init added. */
  let listening = new AbortController()
  const get = registry ?? newRegistry()

  const listen = (target: EventTarget, type: string, fn: () => void) =>
    target.addEventListener(type, fn, { passive: true, signal: listening.signal })

  const start = () => {
    if (!drawn || !chunk || control) return
    const handoff: Handoff = {
      ...drawn,
      data,
      lang: asked,
      dir,
      load: (file) => load(config.relay, file),
    }
    control = chunk.start(handoff)
    drawn.launcher?.failed(false)
    const pending = queue
    queue = []
    for (const [name, arg] of pending) control[name](arg as never)
  }

  // Not before init: a failure is told on the widget's host.
  const loadApp = () => {
    if (!drawn) return
    if (chunk) return start()
    loading ??= load(config.relay, app).then(
      (exports) => {
        chunk = exports as AppChunk
        start()
      },
      () => {
        loading = null
        drawn?.launcher?.failed(true)
        const message = `the chat app could not be loaded from ${config.relay}`
        warnConsole(message)
        if (drawn) emitter(drawn.host)('error', { code: 'app_unavailable', message })
      },
    )
  }

  const call = (name: Name, arg?: unknown) => {
    if (control) return control[name](arg as never)
    queue.push([name, arg])
    loadApp()
  }

  const api: ParleyApi = {
    ...(Object.fromEntries(CALLS.map((name) => [name, (arg?: unknown) => call(name, arg)])) as Pick<
      ParleyApi,
      Name
    >),
    on: (event, fn) => on(event, fn, () => drawn?.host),
    init() {
      if (drawn) return
      const target = inlineTarget(config)
      const resolved: LoaderConfig = target ? config : { ...config, mode: 'bubble' }
      // The bubble goes after <body>, not in it: single-page apps that swap the body (Turbo Drive,
      // htmx boost) leave it, its conversation and a streaming answer alone.
      const id = registry ? `${HOST_ID}-${data.app || 'default'}` : HOST_ID
      const parts = drawHost(resolved, target ?? page, lang, dir, id)
      const launcher =
        // data-launcher and data-icon as written: the app checks them (and warns) when it loads.
        target || data.launcher === 'none'
          ? null
          : drawLauncher(parts.frame, label, failedText, data.icon)
      drawn = { ...parts, config: resolved, launcher }
      if (launcher) {
        // Before the app takes over the button: the first click asks for the panel.
        listen(launcher.button, 'click', () => {
          if (control) return
          if (!queue.some(([name]) => name === 'open')) queue.push(['open'])
          loadApp()
        })
        if (resolved.preload === 'intent') {
          for (const type of ['pointerenter', 'focus', 'touchstart']) {
            listen(launcher.button, type, loadApp)
          }
        }
      }
      if (target || resolved.open || resolved.preload === 'eager' || queue[0]) {
        if (resolved.open && !target) queue.push(['open'])
        loadApp()
        return
      }
      // Once the launcher is on screen: a page's first storage access can take milliseconds (a
      // synchronous call to the browser process). A timeout set now may run before the launcher's
      // first frame; one set from that frame's animation callback runs after the frame is drawn.
      requestAnimationFrame(() =>
        setTimeout(() => drawn && hasConversation(storageKey(config.relay, data.app)) && loadApp()),
      )
      // A teaser is the app's: it comes in idle time too.
      if (resolved.preload === 'idle' || data.teaser) {
        const idle = () => (window.requestIdleCallback ?? setTimeout)(() => drawn && loadApp())
        if (document.readyState === 'complete') idle()
        else listen(window, 'load', idle)
      }
    },
    destroy() {
      if (!drawn) return
      control?.destroy()
      control = null
      listening.abort()
      listening = new AbortController()
      queue = []
      drawn.host.remove()
      drawn = null
    },
    get,
    version,
  }
  get(data.app, api)
  return api
}
