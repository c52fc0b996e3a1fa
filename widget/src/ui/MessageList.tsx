import { createRef } from 'preact'
import { $app } from '../stores/app.ts'
import { send } from '../stores/conversation.ts'
import { $messages, $suggestions, isStreaming } from '../stores/messages.ts'
import { Connected } from './connected.ts'
import { Markdown } from './Markdown.tsx'
import { Message } from './Message.tsx'
import { useView } from './view.ts'

/**
 * The conversation log. Follows new text unless the visitor scrolled up. Its own live updates are
 * off (every token would be read out); App's polite region announces complete answers instead.
 */
export class MessageList extends Connected {
  stores = [$messages, $suggestions, $app]
  log = createRef<HTMLDivElement>()
  follow = true

  override componentDidMount(): void {
    super.componentDidMount()
    this.componentDidUpdate()
  }

  override componentDidUpdate(): void {
    const el = this.log.current
    if (el && this.follow) el.scrollTop = el.scrollHeight
  }

  onScroll = (): void => {
    const el = this.log.current
    if (el) this.follow = el.scrollHeight - el.scrollTop - el.clientHeight < 40
  }

  override render() {
    const { config, t } = useView()
    const messages = $messages.get()
    const { info } = $app.get()
    const welcome = config.welcome ?? info?.openingStatement ?? null
    const questions = messages.length ? $suggestions.get() : (info?.suggestedQuestions ?? [])
    return (
      <div
        class="log"
        role="log"
        aria-live="off"
        aria-label={t.chat}
        data-parley="messages"
        ref={this.log}
        onScroll={this.onScroll}
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
        {questions.length > 0 && !isStreaming(messages) && (
          <div>
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
}
