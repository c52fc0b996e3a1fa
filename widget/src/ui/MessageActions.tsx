import type { ChatMessage } from '../stores/message.ts'
import { Icon } from './Icon.tsx'
import { useWidget } from './widget-context.ts'

/**
 * Copy, thumbs up, thumbs down (the chosen rating is pressed), and regenerate, which the stylesheet
 * shows on the last message only: the finished messages above never render again.
 */
export function MessageActions({ message: m }: { message: ChatMessage }) {
  const { view, chat } = useWidget()
  const { t } = view
  // Rejected outside secure contexts or without permission: nothing to do about it.
  const copy = () => navigator.clipboard?.writeText(m.text).catch(() => {})
  return (
    <div class="acts">
      <button type="button" class="ib" aria-label={t.copy} onClick={copy}>
        <Icon name="copy" />
      </button>
      {m.messageId &&
        (['like', 'dislike'] as const).map((rating) => (
          <button
            type="button"
            key={rating}
            class={`ib ${rating}`}
            aria-label={t[rating]}
            aria-pressed={m.feedback === rating}
            onClick={() => chat.rate(m.id, rating)}
          >
            <Icon name="thumb" />
          </button>
        ))}
      {m.query && (
        <button
          type="button"
          class="ib rg"
          aria-label={t.regenerate}
          data-parley="regenerate"
          onClick={() => chat.regenerate(m.id)}
        >
          <Icon name="redo" />
        </button>
      )}
    </div>
  )
}
