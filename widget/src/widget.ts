/** The app's lifecycle: `start` builds one widget's stores and puts it in the loader's shadow root. */
import { createRelayClient } from './api/relay-client.ts'
import { readAppOptions } from './app-options.ts'
import type { WidgetConfig } from './config.ts'
import type { AppControl, Handoff } from './handoff.ts'
import { stringsFor } from './i18n/locale.ts'
import { lazyChunks } from './lazy-chunks.ts'
import { mount } from './mount.ts'
import { createAppInfo } from './stores/app-info.ts'
import { createChat } from './stores/chat.ts'
import { createPanel } from './stores/panel.ts'
import { createSession } from './stores/session.ts'
import type { View } from './ui/view.ts'
import type { Widget } from './ui/widget-context.ts'

export interface StartOptions {
  fetch?: typeof fetch
}

/** One widget's stores around one relay client; `destroy` stops its stream, timers and listeners. */
export function createWidget(
  config: WidgetConfig,
  view: View,
  fetchFn?: typeof fetch,
): Widget & { destroy(): void } {
  const session = createSession(config.relay, config.app ?? undefined)
  const relay = createRelayClient(config.relay, session.tokens, fetchFn, config.app)
  const panel = createPanel(config.theme, config.mode === 'inline')
  const appInfo = createAppInfo(relay)
  const chat = createChat({ relay, session, app: appInfo.$appInfo, panel, inputs: config.inputs })
  return {
    view,
    chat,
    session,
    appInfo,
    panel,
    destroy() {
      chat.destroy()
      session.destroy()
      panel.destroy()
    },
  }
}

export function start(handoff: Handoff, options: StartOptions = {}): AppControl {
  const config: WidgetConfig = { ...handoff.config, ...readAppOptions(handoff.data) }
  const view: View = {
    config,
    t: stringsFor(handoff.lang),
    lang: handoff.lang,
    dir: handoff.dir,
    imageOrigins: [new URL(config.relay).origin, ...config.imageOrigins],
    math: lazyChunks(handoff.load).math,
  }
  const widget = createWidget(config, view, options.fetch)
  const { panel, chat } = widget
  const mounted = mount(widget, handoff)
  const cleanups = [() => widget.destroy(), () => mounted.unmount()]
  const { launcher } = handoff
  if (launcher) {
    // Synchronously, not in an effect: a click right after the hand-over must not be lost.
    launcher.button.addEventListener('click', panel.toggle)
    cleanups.push(
      panel.$panel.subscribe((state) => launcher.show(state)),
      () => launcher.button.removeEventListener('click', panel.toggle),
    )
  }
  void widget.appInfo.load()
  void chat.restore()
  return {
    open: panel.open,
    close: panel.close,
    toggle: panel.toggle,
    send(text) {
      panel.open()
      chat.send(text)
    },
    reset: chat.reset,
    /** Removes the app and its in-memory state (sessionStorage keeps the conversation). */
    destroy() {
      for (const cleanup of cleanups) cleanup()
    },
  }
}
