import { useMemo } from 'preact/hooks'
import { safeHref } from '../markdown/links.ts'
import type { ChatMessage } from '../stores/message.ts'
import { errorText } from './error-text.ts'
import { Markdown } from './Markdown.tsx'
import { MessageActions } from './MessageActions.tsx'
import { useChunk } from './use-chunk.ts'
import { useWidget } from './widget-context.ts'

/** The http(s) origin of `url`, else '' (an opaque origin must never match another). */
const originOf = (url: string): string => {
  try {
    const { protocol, origin } = new URL(url)
    return /^https?:$/.test(protocol) ? origin : ''
  } catch {
    return ''
  }
}

/**
 * One message: text (markdown for answers), progress, images, a human-input form, sources,
 * error + retry, actions, and the earlier answers it replaced.
 */
export function Message({ message: m }: { message: ChatMessage }) {
  const widget = useWidget()
  const { view, chat } = widget
  const Forms = useChunk(view.form, !!m.form && m.state === 'done')
  const { t } = view
  const assistant = m.role === 'assistant'
  const cited = assistant && m.state === 'done' && m.sources.length > 0
  const Sources = useChunk(view.look, cited)?.Sources
  const streaming = m.state === 'streaming'
  // Dify serves an answer's own files and the images its markdown shows from the same origin.
  const fileOrigins = m.files.map((f) => originOf(f.url)).join(' ')
  const imageOrigins = useMemo(
    () => [...view.imageOrigins, ...fileOrigins.split(' ').filter(Boolean)],
    [view.imageOrigins, fileOrigins],
  )
  const markdown = (text: string) => (
    <Markdown text={text} streaming={streaming} imageOrigins={imageOrigins} math={view.math} />
  )
  return (
    <div class={`msg ${m.role}`} data-parley="message" data-role={m.role} data-state={m.state}>
      {m.text && (
        <div class="b" part={`message ${m.role}`} dir="auto">
          {assistant ? markdown(m.text) : m.text}
        </div>
      )}
      {streaming && (
        <div class="st" data-parley="status">
          {!!m.steps?.length && (
            <ol aria-label={t.steps}>
              {m.steps.map((step, i, all) => (
                <li key={i} aria-current={i === all.length - 1 ? 'step' : undefined}>
                  {step}
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
      {m.files.length > 0 && (
        <div class="files">
          {m.files.map((f, i) => {
            const href = safeHref(f.url)
            // The visitor's attachments have no URL until Dify has saved them: their names.
            if (!href) return f.name && <span key={i}>{f.name}</span>
            return f.type === 'image' ? (
              <img key={i} src={href} alt={f.name ?? ''} loading="lazy" />
            ) : (
              <a key={i} href={href} target="_blank" rel="noopener noreferrer">
                {f.name || href.split('/').pop()}
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
              onClick={() => chat.retry(m.id)}
            >
              {t.retry}
            </button>
          )}
        </div>
      )}
      {m.answered && <p class="ans">{t.answered.replace('{}', m.answered)}</p>}
      {m.form && Forms && <Forms.PausedForm widget={widget} message={m} markdown={markdown} />}
      {cited && Sources && <Sources sources={m.sources} label={t.sources} />}
      {assistant && m.state === 'done' && m.text && !m.form && <MessageActions message={m} />}
      {!!m.earlier?.length && (
        <details data-parley="earlier">
          <summary>{t.earlier.replace('{}', `${m.earlier.length}`)}</summary>
          {m.earlier.map((e, i) => (
            <div class="b" key={i} dir="auto">
              <Markdown text={e.text} imageOrigins={imageOrigins} math={view.math} />
            </div>
          ))}
        </details>
      )}
    </div>
  )
}
