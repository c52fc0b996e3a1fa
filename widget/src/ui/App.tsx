import { createRef } from 'preact'
import { $announcement } from '../stores/messages.ts'
import { $ui, closePanel } from '../stores/ui.ts'
import { Connected } from './connected.ts'
import { Launcher } from './Launcher.tsx'
import { Panel } from './Panel.tsx'
import type { View } from './view.ts'

/** The whole widget: launcher + panel (bubble mode) or the panel alone (inline mode). */
export class App extends Connected<{ view: View }> {
  stores = [$ui, $announcement]
  launcher = createRef<HTMLButtonElement>()

  close = (): void => {
    closePanel()
    this.launcher.current?.focus()
  }

  override render({ view }: { view: View }) {
    const ui = $ui.get()
    const { mode, position, color } = view.config
    const bubble = mode === 'bubble'
    return (
      <div
        class={`root ${mode} ${position}${ui.dark ? ' dark' : ''}`}
        dir={view.dir}
        lang={view.lang}
        style={{ '--a': color }}
      >
        {/* Launcher first: with equal z-index the full-screen panel (≤ 480 px) paints over it. */}
        {bubble && <Launcher open={ui.open} unread={ui.unread} buttonRef={this.launcher} />}
        <Panel open={ui.open || !bubble} onClose={this.close} />
        <div class="sr" aria-live="polite">
          {$announcement.get()}
        </div>
      </div>
    )
  }
}
