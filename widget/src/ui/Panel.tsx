import { useEffect, useRef } from 'preact/hooks'
import { $app } from '../stores/app.ts'
import { reset } from '../stores/conversation.ts'
import { Composer } from './Composer.tsx'
import { Icon } from './Icon.tsx'
import { MessageList } from './MessageList.tsx'
import { useStore } from './use-store.ts'
import { useView } from './view.ts'

/** The chat window: header, message log, composer. Stays mounted while closed (keeps the draft). */
export function Panel({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { config, t } = useView()
  const app = useStore($app)
  const input = useRef<HTMLTextAreaElement>(null)
  const bubble = config.mode === 'bubble'
  const title = config.title ?? app.info?.title ?? t.chat

  useEffect(() => {
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
        {app.demo && <span class="badge">{t.demo}</span>}
        <button
          type="button"
          class="ib"
          data-parley="new"
          aria-label={t.newChat}
          onClick={() => {
            reset()
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
