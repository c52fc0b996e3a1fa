/**
 * `window.Parley`, the page's handle on the widget. Calls made before the widget is mounted wait
 * for it; nothing here throws into the host page.
 *
 * @example
 * Parley.on('message', ({ role, text }) => console.log(role, text))
 * Parley.open(); Parley.send('What are your opening hours?')
 */
import { on, type ParleyEventName, type ParleyEvents } from './events.ts'
import { reset, send } from './stores/conversation.ts'
import { closePanel, openPanel, togglePanel } from './stores/ui.ts'
import { destroy, isActive } from './widget.ts'

export interface ParleyApi {
  open(): void
  close(): void
  toggle(): void
  /** Opens the panel and sends `text` as the visitor. */
  send(text: string): void
  /** Starts a new conversation. */
  reset(): void
  on<K extends ParleyEventName>(event: K, fn: (detail: ParleyEvents[K]) => void): () => void
  /** Mounts the widget (again, after destroy). Idempotent. */
  init(): void
  /** Removes the widget from the page. */
  destroy(): void
  version: string
}

export function createApi(start: () => void, version: string): ParleyApi {
  let queue: (() => void)[] = []
  const whenReady = (fn: () => void) => {
    if (isActive()) fn()
    else queue.push(fn)
  }
  return {
    open: () => whenReady(openPanel),
    close: () => whenReady(closePanel),
    toggle: () => whenReady(togglePanel),
    send: (text) =>
      whenReady(() => {
        openPanel()
        send(String(text))
      }),
    reset: () => whenReady(reset),
    on,
    init() {
      start()
      const pending = queue
      queue = []
      for (const fn of pending) whenReady(fn)
    },
    destroy,
    version,
  }
}
