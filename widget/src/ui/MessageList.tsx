import { useLayoutEffect, useRef } from 'preact/hooks'
import { $app } from '../stores/app.ts'
import { send } from '../stores/conversation.ts'
import { $messages, $suggestions, isStreaming } from '../stores/messages.ts'
import { Markdown } from './Markdown.tsx'
import { Message } from './Message.tsx'
import { useStore } from './use-store.ts'
import { useView } from './view.ts'

/**
 * The conversation log. Follows new text unless the visitor scrolled up. Its own live updates are
 * off (every token would be read out); App's polite region announces complete answers instead.
 */
export function MessageList() {
  const { config, t } = useView()
  const messages = useStore($messages)
  const suggestions = useStore($suggestions)
  const { info } = useStore($app)
  const log = useRef<HTMLDivElement>(null)
  const follow = useRef(true)
  const welcome = config.welcome ?? info?.openingStatement ?? null
  const questions = messages.length ? suggestions : (info?.suggestedQuestions ?? [])
  const streaming = isStreaming(messages)

  useLayoutEffect(() => {
    const el = log.current
    if (el && follow.current) el.scrollTop = el.scrollHeight
  }, [messages, questions])

  const onScroll = () => {
    const el = log.current
    if (el) follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40
  }

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
      {welcome && (
        <div class="msg assistant">
          <div class="b">
            <Markdown text={welcome} />
          </div>
        </div>
      )}
      {messages.map((m) => (
        <Message key={m.id} message={m} />
      ))}
      {questions.length > 0 && !streaming && (
        <div class="sugg">
          {questions.map((q) => (
            <button type="button" class="btn" key={q} onClick={() => send(q)}>
              {q}
            </button>
          ))}
        </div>
      )}
    </div>
  )
}
