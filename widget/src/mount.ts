/**
 * Puts the widget on the page: one host element, an open shadow root styled only by a constructable
 * stylesheet, and the Preact tree inside it. Nothing happens until `mount` is called.
 */
import { h, render } from 'preact'
import { CSS } from './styles.ts'
import { App } from './ui/App.tsx'
import { $view, type View } from './ui/view.ts'

export const HOST_ID = 'parley-widget'

export interface Mounted {
  host: HTMLElement
  root: ShadowRoot
  unmount(): void
}

export function mount(view: View, parent: Element = document.body): Mounted {
  const host = document.createElement('div')
  host.id = HOST_ID
  host.setAttribute('data-mode', view.config.mode)
  const root = host.attachShadow({ mode: 'open' })
  const sheet = new CSSStyleSheet()
  sheet.replaceSync(CSS)
  root.adoptedStyleSheets = [sheet]
  parent.append(host)
  $view.set(view)
  render(h(App, { view }), root)
  return {
    host,
    root,
    unmount() {
      render(null, root)
      host.remove()
    },
  }
}
