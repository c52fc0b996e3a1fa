import { useStore } from '@nanostores/preact'
import { useLayoutEffect, useRef } from 'preact/hooks'
import type { LauncherHandle } from '../handoff.ts'
import { Panel } from './Panel.tsx'
import { useChunk } from './use-chunk.ts'
import { useWidget } from './widget-context.ts'

interface AppProps {
  /**
   * The loader's launcher (bubble mode): focus goes back to it when the panel closes. Without one
   * (data-launcher="none") it goes back to what had it when the panel opened: the page's button.
   */
  launcher: LauncherHandle | null
}

/** The panel and the polite live region (the launcher is the loader's; see widget.ts). */
export function App({ launcher }: AppProps) {
  const widget = useWidget()
  const { view, panel, chat, appInfo } = widget
  const { open, dark } = useStore(panel.$panel)
  const announcement = useStore(chat.$announcement)
  const { info } = useStore(appInfo.$appInfo)
  const { mode, position } = view.config
  const Teaser = useChunk(view.look, !!(launcher && view.data.teaser))?.Teaser
  // The colour set in Dify, unless the page set data-color; the launcher (the loader's) follows.
  // A host stylesheet's --parley-accent wins over both.
  const color = `var(--parley-accent,${(!view.ownColor && info?.look?.color) || view.config.color})`
  useLayoutEffect(() => launcher?.button.style.setProperty('--a', color), [color])
  const bubble = mode === 'bubble'
  const opener = useRef<HTMLElement | null>(null)
  useLayoutEffect(
    () =>
      panel.$panel.listen(({ open }) => {
        // Told before the panel renders: focus is still where the visitor opened it from.
        opener.current = open ? (opener.current ?? (document.activeElement as HTMLElement)) : null
      }),
    [],
  )
  const close = () => {
    const back = launcher?.button ?? opener.current
    panel.close()
    back?.focus()
  }
  return (
    <div
      class={`root ${mode} ${position}${dark ? ' dark' : ''}`}
      dir={view.dir}
      lang={view.lang}
      style={{ '--a': color }}
    >
      <Panel open={open || !bubble} onClose={close} />
      {Teaser && launcher && <Teaser widget={widget} launcher={launcher} />}
      <div class="sr" aria-live="polite">
        {announcement}
      </div>
    </div>
  )
}
