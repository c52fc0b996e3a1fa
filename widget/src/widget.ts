/** The widget's lifecycle: `init` (idempotent) wires stores, relay and DOM; `destroy` undoes all. */
import { invalid, type WidgetConfig, warnConsole } from './config.ts'
import { isRtl, pickLang, stringsFor } from './i18n/locale.ts'
import { type Mounted, mount } from './mount.ts'
import { $app, loadApp } from './stores/app.ts'
import { restore } from './stores/conversation.ts'
import { $announcement, $messages, $suggestions } from './stores/messages.ts'
import { startSession } from './stores/session.ts'
import { abandonStream, setInputs } from './stores/stream.ts'
import { $ui, followTheme, openPanel, setUi } from './stores/ui.ts'
import type { View } from './ui/view.ts'

let active: { mounted: Mounted; cleanups: (() => void)[] } | null = null

export interface InitOptions {
  fetch?: typeof fetch
  warn?: (message: string) => void
}

function findTarget(config: WidgetConfig, warn: (m: string) => void): Element | null {
  if (config.mode !== 'inline' || !config.target) return null
  let target: Element | null = null
  try {
    target = document.querySelector(config.target)
  } catch {}
  if (!target) warn(invalid('target', config.target))
  return target
}

function viewFor(config: WidgetConfig): View {
  const page = document.documentElement
  const lang = pickLang(config.lang, page.lang, navigator.language)
  const rtl = isRtl(lang) || page.dir.toLowerCase() === 'rtl'
  return {
    config,
    t: stringsFor(lang),
    lang,
    dir: rtl ? 'rtl' : 'ltr',
  }
}

export function isActive(): boolean {
  return active !== null
}

/** Mounts the widget once; calling it again while mounted does nothing. */
export function init(config: WidgetConfig, options: InitOptions = {}): Mounted {
  if (active) return active.mounted
  const warn = options.warn ?? warnConsole
  const target = findTarget(config, warn)
  const resolved: WidgetConfig = target ? config : { ...config, mode: 'bubble' }
  const cleanups = [startSession(resolved.relay, options.fetch), followTheme(resolved.theme)]
  setInputs(resolved.inputs)
  const mounted = mount(viewFor(resolved), target ?? document.body)
  active = { mounted, cleanups }
  if (resolved.mode === 'inline') setUi({ open: true })
  else if (resolved.open) openPanel()
  void loadApp()
  void restore()
  return mounted
}

/** Removes every trace: DOM, listeners, in-memory state (sessionStorage keeps the conversation). */
export function destroy(): void {
  if (!active) return
  abandonStream()
  active.mounted.unmount()
  for (const cleanup of active.cleanups) cleanup()
  active = null
  $messages.set([])
  $suggestions.set([])
  $announcement.set('')
  $app.set({ info: null, demo: false })
  $ui.set({ open: false, unread: false, dark: false })
}
