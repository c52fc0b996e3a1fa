/**
 * `window.Parley` before and after the app: draws the launcher, decides when to fetch the app
 * (data-preload, or at once when there is something to show), queues API calls until the app is
 * there and replays them in order, and keeps a working launcher that retries if the app fails.
 */
import { type Data, invalid, type LoaderConfig, storageKey, warnConsole } from '../config.ts'
import { emit, on, type ParleyEventName, type ParleyEvents } from '../events.ts'
import type { AppChunk, AppControl, ChunkFile, Handoff } from '../handoff.ts'
import { isRtl, isSupported, pickLang } from '../i18n/languages.ts'
import { loadChunk } from './chunk.ts'
import { type Drawn, drawHost, drawLauncher, type Launcher } from './launcher.ts'
import { LAUNCHER_STRINGS } from './strings.ts'

export interface ParleyApi {
  open(): void
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
  version: string
}

type Call = [name: Exclude<keyof AppControl, 'destroy'>, arg?: unknown]

/**
 * Whether this tab has a conversation to restore (reading only). A data-persist="browser" one is
 * restored when the app loads on intent: reading localStorage too costs every page view bytes.
 */
function hasConversation(key: string): boolean {
  try {
    return !!JSON.parse(sessionStorage.getItem(key) ?? '{}').conversationId
  } catch {
    return false
  }
}

function inlineTarget(config: LoaderConfig): Element | null {
  if (config.mode !== 'inline' || !config.target) return null
  let target: Element | null = null
  try {
    target = document.querySelector(config.target)
  } catch {}
  if (!target) warnConsole(invalid('target', config.target))
  return target
}

export function createLoader(
  config: LoaderConfig,
  data: Data,
  app: ChunkFile,
  version: string,
  load = loadChunk,
): ParleyApi {
  const page = document.documentElement
  // navigator.language only when needed (config.lang is supported or null): its first read costs
  // a page view ~0.3 ms in Chromium.
  const asked = pickLang(
    config.lang,
    page.lang,
    config.lang || isSupported(page.lang) ? null : navigator.language,
  )
  const lang = asked ?? 'en'
  const dir = isRtl(lang) || page.dir.toLowerCase() === 'rtl' ? 'rtl' : 'ltr'
  const [label, failedText] = LAUNCHER_STRINGS[lang]
  let drawn: (Drawn & { config: LoaderConfig; launcher: Launcher | null }) | null = null
  let chunk: AppChunk | null = null
  let control: AppControl | null = null
  let loading = false
  let queue: Call[] = []
  let cleanups: (() => void)[] = []

  const listen = (target: EventTarget, type: string, fn: () => void) => {
    target.addEventListener(type, fn, { passive: true })
    cleanups.push(() => target.removeEventListener(type, fn))
  }

  const start = () => {
    if (!drawn || !chunk || control) return
    const { root, launcher } = drawn
    const handoff: Handoff = {
      config: drawn.config,
      data,
      lang: asked,
      dir,
      root,
      launcher,
      load: (file) => load(config.relay, file),
    }
    control = chunk.start(handoff)
    launcher?.failed(false)
    const pending = queue
    queue = []
    for (const [name, arg] of pending) control[name](arg as never)
  }

  const loadApp = () => {
    if (chunk) return start()
    if (loading) return
    loading = true
    load(config.relay, app).then(
      (exports) => {
        loading = false
        chunk = exports as AppChunk
        start()
      },
      () => {
        loading = false
        drawn?.launcher?.failed(true)
        const message = `the chat app could not be loaded from ${config.relay}`
        warnConsole(message)
        emit('error', { code: 'app_unavailable', message })
      },
    )
  }

  const call = (...c: Call) => {
    if (control) return control[c[0]](c[1] as never)
    queue.push(c)
    loadApp()
  }

  const api: ParleyApi = {
    ...(Object.fromEntries(
      (['open', 'close', 'toggle', 'reset', 'logout'] as const).map((name) => [
        name,
        () => call(name),
      ]),
    ) as Record<'open' | 'close' | 'toggle' | 'reset' | 'logout', () => void>),
    send: (text) => call('send', String(text)),
    identify: (token) => call('identify', token),
    generate: (inputs) => call('generate', inputs),
    setInputs: (inputs) => call('setInputs', inputs),
    on,
    init() {
      if (drawn) return
      const target = inlineTarget(config)
      const resolved: LoaderConfig = target ? config : { ...config, mode: 'bubble' }
      // The bubble goes after <body>, not in it: single-page apps that swap the body (Turbo Drive,
      // htmx boost) leave it, its conversation and a streaming answer alone.
      const parts = drawHost(resolved, target ?? page, lang, dir)
      const launcher = target ? null : drawLauncher(parts.frame, label, failedText)
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
      if (target || resolved.open || resolved.preload === 'eager') {
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
      if (resolved.preload === 'idle') {
        const idle = () => (window.requestIdleCallback ?? setTimeout)(() => drawn && loadApp())
        if (document.readyState === 'complete') idle()
        else listen(window, 'load', idle)
      }
    },
    destroy() {
      if (!drawn) return
      control?.destroy()
      control = null
      for (const cleanup of cleanups) cleanup()
      cleanups = []
      queue = []
      drawn.host.remove()
      drawn = null
    },
    version,
  }
  return api
}
