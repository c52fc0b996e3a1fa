import { useStore } from '@nanostores/preact'
import type { ComponentType, RefObject } from 'preact'
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks'
import type { HistoryProps } from '../history/History.tsx'
import { Composer } from './Composer.tsx'
import { Icon, Svg } from './Icon.tsx'
import { MessageList } from './MessageList.tsx'
import { useChunk } from './use-chunk.ts'
import { useWidget } from './widget-context.ts'

/** Arrows out and in (the expand toggle, in the app only: the loader draws none of them). */
const EXPAND = 'M15 3h6v6M9 21H3v-6M21 3l-7 7M3 21l7-7'
const SHRINK = 'M4 14h6v6M20 10h-6V4M14 10l7-7M3 21l7-7'

interface PanelProps {
  open: boolean
  onClose: () => void
}

/**
 * The chat window: header, message log, composer. Stays mounted while closed (keeps the draft).
 * The history view (a lazy chunk) shows in place of the log and composer, which stay mounted too.
 */
export function Panel({ open, onClose }: PanelProps) {
  const widget = useWidget()
  const { view, appInfo, chat, panel } = widget
  const { info, demo } = useStore(appInfo.$appInfo)
  const input = useRef<HTMLTextAreaElement>(null)
  const self = useRef<HTMLDivElement>(null)
  const historyButton = useRef<HTMLButtonElement>(null)
  const [History, setHistory] = useState<ComponentType<HistoryProps> | null>(null)
  /** Where focus goes once the history view has gone (the composer is hidden until then). */
  const [back, setBack] = useState<RefObject<HTMLElement> | null>(null)
  /** The bubble's window fills the browser window. */
  const [full, setFull] = useState(false)
  const { config, t } = view
  const bubble = config.mode === 'bubble'
  // A text generator or a workflow: the generator stands in for the log and composer.
  const mode = info?.mode
  const generator = mode === 'completion' || mode === 'workflow'
  const Generator = useChunk(view.generate, generator)?.Generator
  const { data } = view
  const look = info?.look
  const Look = useChunk(
    view.look,
    [
      look?.disclaimer,
      look?.copyright,
      look?.privacyPolicy,
      look?.answerIcon,
      data.disclaimer,
      data.copyright,
      data.privacyUrl,
      data.answerIcon,
    ].some(Boolean),
  )?.Look
  // While the bubble's panel is open: page focus never hides under it (the page chunk).
  useEffect(() => {
    if (!open || !bubble) return
    let stop = () => {}
    let live = true
    view.page?.().then(
      ({ guardFocus }) => {
        if (live && self.current) stop = guardFocus(self.current, panel.close)
      },
      () => {},
    )
    return () => {
      live = false
      stop()
    }
  }, [open, bubble])
  const title = config.title ?? info?.title ?? t.chat
  // The bubble's panel just opened: focus the composer (before paint, as the panel shows).
  useLayoutEffect(() => {
    if (open && bubble) {
      // The start form may stand in for the composer: its first field then.
      ;(input.current ?? self.current?.querySelector<HTMLElement>('[data-focus]'))?.focus()
    }
  }, [open, bubble])
  useLayoutEffect(() => back?.current?.focus(), [back])
  const toChat = (focus: RefObject<HTMLElement>) => {
    setHistory(null)
    setBack(focus)
  }
  const toggleHistory = () => {
    if (History) return toChat(historyButton)
    view.history?.().then(
      (view) => setHistory(() => view),
      () => console.warn('[parley] history failed to load'),
    )
  }
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && bubble) {
      e.stopPropagation()
      onClose()
    }
  }
  return (
    <div
      ref={self}
      class={full && bubble ? 'panel full' : 'panel'}
      part="panel"
      id="parley-panel"
      data-parley="panel"
      role="dialog"
      aria-label={title}
      hidden={!open}
      onKeyDown={onKeyDown}
    >
      <div class="head" part="header">
        <div class="title">{title}</div>
        {demo && <span class="badge">{t.demo}</span>}
        {view.history && !generator && (
          <button
            type="button"
            class="ib"
            data-parley="history"
            aria-label={t.history}
            aria-pressed={!!History}
            ref={historyButton}
            onClick={toggleHistory}
          >
            <Icon name="list" />
          </button>
        )}
        {!generator && (
          <button
            type="button"
            class="ib"
            data-parley="new"
            aria-label={t.newChat}
            onClick={() => {
              chat.reset()
              toChat(input)
            }}
          >
            <Icon name="plus" />
          </button>
        )}
        {bubble && (
          <button
            type="button"
            class="ib xp"
            data-parley="expand"
            aria-label={t.expand}
            aria-pressed={full}
            onClick={() => setFull(!full)}
          >
            <Svg d={full ? SHRINK : EXPAND} />
          </button>
        )}
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
      {History && (
        <History widget={widget} onClose={(opened) => toChat(opened ? input : historyButton)} />
      )}
      {generator ? (
        Generator && <Generator widget={widget} />
      ) : (
        <>
          <MessageList />
          <Composer inputRef={input} />
        </>
      )}
      {Look && <Look widget={widget} />}
    </div>
  )
}
