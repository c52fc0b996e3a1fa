import { useStore } from '@nanostores/preact'
import type { VNode } from 'preact'
import { useEffect, useLayoutEffect, useMemo, useRef } from 'preact/hooks'
import type { ChatMessage } from '../stores/message.ts'
import { Markdown } from './Markdown.tsx'
import { Message } from './Message.tsx'
import { useStartForm } from './start-form.ts'
import { useWidget } from './widget-context.ts'

/**
 * The conversation log. Follows new text unless the visitor scrolled up. Its own live updates are
 * off (every token would be read out); App's polite region announces complete answers instead.
 */
export function MessageList() {
  const { view, chat, appInfo } = useWidget()
  const messages = useStore(chat.$messages)
  const suggestions = useStore(chat.$suggestions)
  const streaming = useStore(chat.$streaming)
  const { info } = useStore(appInfo.$appInfo)
  const { config, t, imageOrigins } = view
  const welcome = config.welcome ?? info?.openingStatement ?? null
  // Starters wait while the start form stands in for the composer: they would go without its inputs.
  const blocked = useStartForm()?.blocking
  const questions = messages.length ? suggestions : blocked ? [] : (info?.suggestedQuestions ?? [])
  const welcomeNode = useMemo(
    () =>
      welcome && (
        <div class="msg assistant">
          <div class="b" part="message assistant">
            <Markdown text={welcome} imageOrigins={imageOrigins} />
          </div>
        </div>
      ),
    [welcome, imageOrigins],
  )
  const nodes = useMessageNodes(messages)
  const { log, onScroll } = useFollow()
  // Marks the last message (the one that may be regenerated) on the DOM, so the messages above
  // never render again for it. Not `:has(~ .msg)` in CSS: WebKit does not restyle that when a
  // message is added.
  useLayoutEffect(() => {
    const all = log.current?.querySelectorAll('[data-parley=message]') ?? []
    for (const el of all) el.toggleAttribute('data-last', el === all[all.length - 1])
  }, [messages.at(-1)?.id])
  return (
    <div
      class="log"
      role="log"
      aria-live="off"
      aria-label={t.chat}
      data-parley="messages"
      ref={log}
      onScroll={onScroll}
    >
      {welcomeNode}
      {nodes}
      {questions.length > 0 && !streaming && (
        <div>
          {questions.map((q) => (
            <button type="button" class="btn" key={q} onClick={() => chat.send(q)}>
              {q}
            </button>
          ))}
        </div>
      )}
    </div>
  )
}

/**
 * One element per message object, reused while the object is: Preact skips an element it rendered
 * before, so while an answer streams only that answer renders again, every frame, and the finished
 * messages above it do not (the chat store replaces a message's object whenever it changes).
 */
function useMessageNodes(messages: ChatMessage[]): VNode[] {
  const cache = useRef(new WeakMap<ChatMessage, VNode>()).current
  return messages.map((m) => {
    let node = cache.get(m)
    if (!node) {
      node = <Message key={m.id} message={m} />
      cache.set(m, node)
    }
    return node
  })
}

/**
 * Keeps the log scrolled to the bottom after each render unless the visitor scrolled away. The
 * scroll waits for the next frame's animation callback, before that frame's layout and paint: the
 * new text and the scroll still reach the screen in one frame (a render never reaches it alone),
 * and the layout the scroll reads is the one that frame needs anyway. Read right after the render,
 * it ran inside the render's task and the two made one long task (a first code span's font
 * lookups alone took 9-13 ms of layout on the bench's machine).
 */
function useFollow() {
  const log = useRef<HTMLDivElement>(null)
  const follow = useRef(true)
  /** Where we last scrolled to: the scroll event that follows is ours, not the visitor's. */
  const pinned = useRef(-1)
  /** The frame that scrolls, once asked for (renders before it share it). */
  const frame = useRef(0)
  useLayoutEffect(() => {
    if (!follow.current || frame.current) return
    frame.current = requestAnimationFrame(() => {
      frame.current = 0
      const el = log.current
      if (!el || !follow.current) return
      el.scrollTop = el.scrollHeight
      pinned.current = el.scrollTop
    })
  })
  useEffect(() => () => cancelAnimationFrame(frame.current), [])
  const onScroll = () => {
    const el = log.current
    if (!el || el.scrollTop === pinned.current) return
    follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40
  }
  return { log, onScroll }
}
