import { useStore } from '@nanostores/preact'
import { useLayoutEffect } from 'preact/hooks'
import type { LauncherHandle } from '../handoff.ts'
import { Panel } from './Panel.tsx'
import { useWidget } from './widget-context.ts'

interface AppProps {
  /** The loader's launcher (bubble mode): focus goes back to it when the panel closes. */
  launcher: LauncherHandle | null
}

/** The panel and the polite live region (the launcher is the loader's; see widget.ts). */
export function App({ launcher }: AppProps) {
  const { view, panel, chat, appInfo } = useWidget()
  const { open, dark } = useStore(panel.$panel)
  const announcement = useStore(chat.$announcement)
  const { info } = useStore(appInfo.$appInfo)
  const { mode, position } = view.config
  // The colour set in Dify, unless the page set data-color; the launcher (the loader's) follows.
  // A host stylesheet's --parley-accent wins over both.
  const color = `var(--parley-accent,${(!view.ownColor && info?.look?.color) || view.config.color})`
  useLayoutEffect(() => launcher?.button.style.setProperty('--a', color), [color])
  const bubble = mode === 'bubble'
  const close = () => {
    panel.close()
    launcher?.button.focus()
  }
  return (
    <div
      class={`root ${mode} ${position}${dark ? ' dark' : ''}`}
      dir={view.dir}
      lang={view.lang}
      style={{ '--a': color }}
    >
      <Panel open={open || !bubble} onClose={close} />
      <div class="sr" aria-live="polite">
        {announcement}
      </div>
    </div>
  )
}
