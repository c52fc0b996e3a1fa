import { safeHref } from '../markdown/inline.ts'
import { retry } from '../stores/conversation.ts'
import type { ChatMessage } from '../stores/reducer.ts'
import { errorText } from './error-text.ts'
import { Markdown } from './Markdown.tsx'
import { MessageActions } from './MessageActions.tsx'
import { Sources } from './Sources.tsx'
import { useView } from './view.ts'

/** One message: text (markdown for answers), progress, images, sources, error + retry, actions. */
export function Message({ message: m }: { message: ChatMessage }) {
  const view = useView()
  const { t } = view
  const assistant = m.role === 'assistant'
  const streaming = m.state === 'streaming'
  return (
    <div class={`msg ${m.role}`} data-parley="message" data-role={m.role} data-state={m.state}>
      {m.text && (
        <div class="b" dir="auto">
          {assistant ? <Markdown text={m.text} streaming={streaming} /> : m.text}
        </div>
      )}
      {streaming && (
        <div class="st" data-parley="status">
          {m.status}
        </div>
      )}
      {m.files.length > 0 && (
        <div>
          {m.files.map((f) => {
            const href = safeHref(f.url)
            if (!href) return null
            return f.type === 'image' ? (
              <img key={href} src={href} alt="" loading="lazy" />
            ) : (
              <a key={href} href={href} target="_blank" rel="noopener noreferrer">
                {href.split('/').pop()}
              </a>
            )
          })}
        </div>
      )}
      {m.state === 'error' && (
        <div class="err" role="alert">
          <span>{errorText(m.error, view)}</span>
          {m.query && (
            <button
              type="button"
              class="btn"
              data-parley="retry"
              disabled={(m.error?.until ?? 0) > Date.now()}
              onClick={() => retry(m.id)}
            >
              {t.retry}
            </button>
          )}
        </div>
      )}
      {assistant && m.state === 'done' && m.sources.length > 0 && <Sources sources={m.sources} />}
      {assistant && m.state === 'done' && m.text && <MessageActions message={m} />}
    </div>
  )
}
