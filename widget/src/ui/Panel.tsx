import { useStore } from '@nanostores/preact'
import { useLayoutEffect, useRef } from 'preact/hooks'
import { Composer } from './Composer.tsx'
import { Icon } from './Icon.tsx'
import { MessageList } from './MessageList.tsx'
import { useUncover } from './uncover.ts'
import { useWidget } from './widget-context.ts'

interface PanelProps {
  open: boolean
  onClose: () => void
}

/** The chat window: header, message log, composer. Stays mounted while closed (keeps the draft). */
export function Panel({ open, onClose }: PanelProps) {
  const { view, appInfo, chat, panel } = useWidget()
  const { info, demo } = useStore(appInfo.$appInfo)
  const input = useRef<HTMLTextAreaElement>(null)
  const self = useRef<HTMLDivElement>(null)
  const { config, t } = view
  const bubble = config.mode === 'bubble'
  useUncover(self, open && bubble, panel.close)
  const title = config.title ?? info?.title ?? t.chat
  // The bubble's panel just opened: focus the composer (before paint, as the panel shows).
  useLayoutEffect(() => {
    if (open && bubble) input.current?.focus()
  }, [open, bubble])
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && bubble) {
      e.stopPropagation()
      onClose()
    }
  }
  return (
    <div
      ref={self}
      class="panel"
      id="parley-panel"
      data-parley="panel"
      role="dialog"
      aria-label={title}
      hidden={!open}
      onKeyDown={onKeyDown}
    >
      <div class="head">
        <div class="title">{title}</div>
        {demo && <span class="badge">{t.demo}</span>}
        <button
          type="button"
          class="ib"
          data-parley="new"
          aria-label={t.newChat}
          onClick={() => {
            chat.reset()
            input.current?.focus()
          }}
        >
          <Icon name="plus" />
        </button>
        {bubble && (
          <button
            type="button"
            class="ib"
            data-parley="close"
            aria-label={t.close}
            onClick={onClose}
          >
            <Icon name="x" />
          </button>
        )}
      </div>
      <MessageList />
      <Composer inputRef={input} />
    </div>
  )
}
