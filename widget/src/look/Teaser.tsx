/**
 * The teaser (`data-teaser`): a short message beside the launcher, shown once per browser session
 * (this tab's storage; every page view with data-persist="none"), `data-teaser-delay` seconds after
 * the app started (3 by default). Opening the chat or its close button puts it away. It is
 * announced politely and marks the launcher unread (dismissed, read again); on a phone only the
 * dot and the announcement show, so it never covers the page.
 */
import { useStore } from '@nanostores/preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { useSheet } from '../chunks/use-sheet.ts'
import { storageKey } from '../config.ts'
import type { LauncherHandle } from '../handoff.ts'
import { storageFor } from '../stores/session.ts'
import { Icon } from '../ui/Icon.tsx'
import type { Widget } from '../ui/widget-context.ts'
import { readTeaserOptions } from './look-options.ts'

const TEASER_CSS = `.teaser{position:fixed;right:20px;bottom:calc(88px + env(safe-area-inset-bottom));z-index:2147483647;max-width:min(300px,100vw - 40px);display:flex;align-items:flex-start;gap:4px;padding:8px 6px 8px 14px;background:var(--bg);color:var(--fg);border-radius:16px;box-shadow:0 6px 24px #0003,0 0 0 1px var(--bd);animation:pin .24s}
.left .teaser{right:auto;left:20px}
.teaser .tt{flex:1;text-align:start;padding:4px 0;overflow-wrap:anywhere}
@media (max-width:480px){.teaser{display:none}}
@media (prefers-reduced-motion:reduce){.teaser{animation:none}}`

interface TeaserProps {
  widget: Pick<Widget, 'view' | 'panel'>
  /** Where focus goes when the teaser is put away from its own button. */
  launcher: LauncherHandle
}

export function Teaser({ widget, launcher }: TeaserProps) {
  const { view, panel } = widget
  const { data, config, t } = view
  const { open } = useStore(panel.$panel)
  const self = useRef<HTMLDivElement>(null)
  const [shown, setShown] = useState(false)
  const [own] = useState(() => readTeaserOptions(data))
  useSheet(self, TEASER_CSS)
  useEffect(() => {
    if (!own.text) return
    const key = `${storageKey(config.relay, data.app)}:teaser`
    // This tab's storage, none with data-persist="none" (or when storage is off: every page view).
    const storage = storageFor(config.persist === 'none' ? 'none' : 'tab')
    try {
      if (storage?.getItem(key)) return
    } catch {}
    const timer = setTimeout(() => {
      try {
        storage?.setItem(key, '1')
      } catch {}
      if (panel.$panel.get().open) return
      setShown(true)
      panel.markUnread()
    }, own.delaySeconds * 1000)
    return () => clearTimeout(timer)
  }, [])
  // Opened, by the teaser or otherwise: it has done its job.
  useEffect(() => {
    if (open) setShown(false)
  }, [open])
  const text = shown && !open ? own.text : null
  const dismiss = () => {
    setShown(false)
    panel.markRead()
    launcher.button.focus()
  }
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') dismiss()
  }
  return (
    <div ref={self} style={{ display: 'contents' }}>
      <div class="sr" role="status">
        {text}
      </div>
      {text && (
        <div class="teaser" part="teaser" data-parley="teaser">
          <button type="button" class="tt" onClick={panel.open} onKeyDown={onKeyDown}>
            {text}
          </button>
          <button
            type="button"
            class="ib"
            aria-label={t.dismiss}
            data-parley="teaser-close"
            onClick={dismiss}
            onKeyDown={onKeyDown}
          >
            <Icon name="x" />
          </button>
        </div>
      )}
    </div>
  )
}
