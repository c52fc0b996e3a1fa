/**
 * Puts the app into the loader's shadow root: its stylesheet adopted after the loader's, and the
 * Preact tree in a container of its own beside the launcher the loader drew.
 */
import { h, render } from 'preact'
import type { Handoff } from './handoff.ts'
import { CSS } from './styles.ts'
import { App } from './ui/App.tsx'
import { type Widget, WidgetContext } from './ui/widget-context.ts'

export interface Mounted {
  container: HTMLElement
  unmount(): void
}

export function mount(widget: Widget, { root, launcher }: Handoff): Mounted {
  const sheet = new CSSStyleSheet()
  sheet.replaceSync(CSS)
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet]
  const container = document.createElement('div')
  container.className = 'app'
  root.append(container)
  render(h(WidgetContext.Provider, { value: widget }, h(App, { launcher })), container)
  return {
    container,
    unmount() {
      render(null, container)
      container.remove()
      root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet)
    },
  }
}
