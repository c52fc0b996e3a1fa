/** The app's lifecycle: `start` builds one widget's stores and puts it in the loader's shadow root. */
import { atom } from 'nanostores'
import { createRelayClient } from './api/relay-client.ts'
import { readAppOptions } from './app-options.ts'
import { type WidgetConfig, warnConsole } from './config.ts'
import { type Emit, emitter } from './events.ts'
import type { Generation } from './generate/generation.tsx'
import type { AppControl, Handoff } from './handoff.ts'
import { en, type Strings } from './i18n/en.ts'
import { isRtl, pickLang } from './i18n/languages.ts'
import { type LazyChunks, lazyChunks } from './lazy-chunks.ts'
import { mayHaveMath } from './markdown/math.ts'
import { createParser, parseMarkdown } from './markdown/parse.ts'
import { mount } from './mount.ts'
import { addContext } from './page-context.ts'
import { createAppInfo } from './stores/app-info.ts'
import { createChat } from './stores/chat.ts'
import { createIdentity, subjectOf } from './stores/identity.ts'
import { createPanel } from './stores/panel.ts'
import { createSession } from './stores/session.ts'
import { APP_PARTS } from './ui/app-parts.ts'
import type { View } from './ui/view.ts'
import type { Widget } from './ui/widget-context.ts'

export interface StartOptions {
  fetch?: typeof fetch
}

/** One widget's stores around one relay client; `destroy` stops its stream, timers and listeners. */
export function createWidget(
  config: WidgetConfig,
  view: View,
  emit: Emit,
  fetchFn?: typeof fetch,
): Widget & {
  identify(token: string | null): void
  logout(): void
  destroy(): void
} {
  const identity = createIdentity(config.userToken)
  const userOf = (token: string | null) => (token ? subjectOf(token) : null)
  const session = createSession(
    config.relay,
    config.app ?? undefined,
    userOf(config.userToken),
    config.persist,
  )
  const relay = createRelayClient(config.relay, session.tokens, fetchFn, config.app, {
    userToken: () => identity.$token.get(),
    refused(code) {
      if (code === 'identity_required') identity.require()
      else emit('identity-expired', {})
    },
  })
  const panel = createPanel(config.theme, emit, config.mode === 'inline')
  // Opening the panel is the visitor's first interaction (an inline panel is open from the start).
  const unlistenPanel = panel.$panel.listen(({ open }) => {
    if (open) session.keep()
  })
  const appInfo = createAppInfo(relay)
  const inputs = config.inputs ?? {}
  addContext(inputs, config.context, () => appInfo.$appInfo.get().info?.inputs)
  const chat = createChat({
    relay,
    session,
    app: appInfo.$appInfo,
    panel,
    inputs,
    // The page context goes only where the app declares it: wait for the app's inputs.
    ready: config.context.length ? appInfo.ready : undefined,
    emit,
    parser(markdown) {
      if (!view.math || !mayHaveMath(markdown)) return parseMarkdown
      return view.math().then(
        ({ syntax }) => createParser(syntax),
        () => parseMarkdown,
      )
    },
  })
  return {
    view,
    relay,
    chat,
    session,
    appInfo,
    panel,
    identity,
    emit,
    $draft: atom(''),
    /** Goes on as the user `token` names (null: anonymous); another user starts a new conversation. */
    identify(token: string | null) {
      const user = userOf(token)
      if (token && !user) {
        warnConsole('Parley.identify() needs the user token your site signed (a JWT with a sub)')
        return
      }
      if (session.switchUser(user)) chat.reset()
      identity.set(token)
    },
    logout() {
      identity.set(null)
      chat.reset()
      session.forget()
    },
    destroy() {
      unlistenPanel()
      chat.destroy()
      session.destroy()
      panel.destroy()
    },
  }
}

/**
 * The UI texts of the page's language: English is in the app, the others come in the strings
 * chunk. If that cannot load, the widget still works, in English.
 */
function uiStrings(lang: string, chunks: LazyChunks): Promise<Strings> | Strings {
  if (lang === 'en') return en
  return chunks.strings().then(
    (stringsFor) => stringsFor(lang),
    () => {
      console.warn(`[parley] the texts for "${lang}" could not be loaded; showing English`)
      return en
    },
  )
}

export function start(handoff: Handoff, options: StartOptions = {}): AppControl {
  const attributes = readAppOptions(handoff.data)
  // data-inputs, and what Parley.setInputs() adds to them later (the stores read them at each send).
  const pageInputs = attributes.inputs ?? {}
  const config: WidgetConfig = { ...handoff.config, ...attributes, inputs: pageInputs }
  const chunks = lazyChunks(handoff.load)
  let generation: Promise<Generation> | undefined
  const view: View = {
    config,
    data: handoff.data,
    t: en,
    lang: handoff.lang ?? 'en',
    dir: handoff.dir,
    ownColor: !!handoff.data.color,
    imageOrigins: [new URL(config.relay).origin, ...config.imageOrigins],
    math: chunks.math,
    history: chunks.history,
    form: chunks.form,
    page: chunks.page,
    voice: chunks.voice,
    attach: chunks.attach,
    look: chunks.look,
    generate: () =>
      (generation ??= chunks.generate().then(
        (make) => make(widget, APP_PARTS),
        (e) => {
          generation = undefined
          throw e
        },
      )),
  }
  const widget = createWidget(config, view, emitter(handoff.root.host), options.fetch)
  const { panel, chat } = widget
  let destroyed = false
  const cleanups = [
    () => {
      destroyed = true
    },
    () => widget.destroy(),
    () =>
      generation?.then(
        ({ store }) => store.destroy(),
        () => {},
      ),
  ]
  // The stores work at once (a click or an API call is kept); the panel is drawn once its texts
  // are here (English: at once).
  const drawIn = (lang: string) => {
    const draw = (t: Strings) => {
      if (destroyed) return
      const dir = isRtl(lang) ? 'rtl' : handoff.dir
      const mounted = mount({ ...widget, view: { ...view, t, lang, dir } }, handoff)
      cleanups.push(() => mounted.unmount())
    }
    const t = uiStrings(lang, chunks)
    if (t instanceof Promise) void t.then(draw)
    else draw(t)
  }
  const loaded = widget.appInfo.load()
  // None asked for (the loader found none the widget has): the app's default language in Dify.
  if (handoff.lang) drawIn(handoff.lang)
  else
    void loaded.then(() =>
      drawIn(pickLang(widget.appInfo.$appInfo.get().info?.look.language) ?? 'en'),
    )
  const { launcher } = handoff
  if (launcher) {
    const { host } = handoff.root
    // The unread dot is the app's: before it there is nothing to read.
    const dot = launcher.button.appendChild(document.createElement('span'))
    dot.className = 'dot'
    // Synchronously, not in an effect: a click right after the hand-over must not be lost.
    launcher.button.addEventListener('click', panel.toggle)
    cleanups.push(
      panel.$panel.subscribe((state) => {
        launcher.show(state)
        dot.hidden = state.open || !state.unread
        // For a host stylesheet's launcher (data-icon="none"): `#parley-widget[data-open]::part(…)`.
        host.toggleAttribute('data-open', state.open)
      }),
      () => dot.remove(),
      () => host.removeAttribute('data-open'),
      () => launcher.button.removeEventListener('click', panel.toggle),
    )
  }
  void chat.restore()
  if (config.persist === 'browser') {
    chunks.page().then(
      ({ syncTabs }) => {
        if (!destroyed) cleanups.push(syncTabs(widget))
      },
      () => console.warn('[parley] tab sync failed to load'),
    )
  }
  return {
    open(options) {
      panel.open()
      const message = options?.message
      if (message == null) return
      if (options?.send) chat.send(String(message))
      else widget.$draft.set(String(message))
    },
    close: panel.close,
    toggle: panel.toggle,
    send(text) {
      panel.open()
      chat.send(String(text))
    },
    generate(inputs) {
      panel.open()
      view.generate?.().then(
        ({ store }) => store.generate(inputs),
        () => console.warn('[parley] the generator failed to load'),
      )
    },
    // As if data-inputs had said so: every conversation from now on, and the start form asks no more.
    setInputs(inputs) {
      if (inputs && typeof inputs === 'object') Object.assign(pageInputs, inputs)
      else warnConsole('Parley.setInputs() takes an object of inputs')
    },
    reset: chat.reset,
    identify: (token) => widget.identify(String(token)),
    logout: widget.logout,
    /** Removes the app and its in-memory state (sessionStorage keeps the conversation). */
    destroy() {
      for (const cleanup of cleanups) cleanup()
    },
  }
}
