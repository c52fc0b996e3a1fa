import { useRef } from 'preact/hooks'
import { $announcement } from '../stores/messages.ts'
import { $ui, closePanel } from '../stores/ui.ts'
import { Launcher } from './Launcher.tsx'
import { Panel } from './Panel.tsx'
import { useStore } from './use-store.ts'
import type { View } from './view.ts'

/** The whole widget: launcher + panel (bubble mode) or the panel alone (inline mode). */
export function App({ view }: { view: View }) {
  const ui = useStore($ui)
  const announcement = useStore($announcement)
  const launcher = useRef<HTMLButtonElement>(null)
  const { mode, position, color } = view.config
  const bubble = mode === 'bubble'
  const close = () => {
    closePanel()
    launcher.current?.focus()
  }
  const classes = ['root', mode, position, ui.dark ? 'dark' : 'light'].join(' ')
  return (
    <div
      class={classes}
      dir={view.dir}
      lang={view.lang}
      style={{ '--a': color, '--at': view.accentText }}
    >
      {/* Launcher first: with equal z-index the full-screen panel (≤ 480 px) paints over it. */}
      {bubble && <Launcher open={ui.open} unread={ui.unread} buttonRef={launcher} />}
      <Panel open={ui.open || !bubble} onClose={close} />
      <div class="sr" aria-live="polite">
        {announcement}
      </div>
    </div>
  )
}
