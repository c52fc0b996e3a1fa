import { useStore } from '@nanostores/preact'
import type { ChatMessage } from '../stores/message.ts'
import { Icon } from './Icon.tsx'
import { useChunk } from './use-chunk.ts'
import { useWidget } from './widget-context.ts'

/**
 * Copy, thumbs up, thumbs down (the chosen rating is pressed), read aloud, and regenerate, which the
 * stylesheet shows on the last message only (MessageList marks it).
 */
export function MessageActions({ message: m }: { message: ChatMessage }) {
  const widget = useWidget()
  const { view, chat } = widget
  const features = useStore(widget.appInfo.$appInfo).info?.features
  const Speak = useChunk(view.voice, !!features?.textToSpeech)?.Speak
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
      {Speak && features?.textToSpeech && m.messageId && (
        // Read at once when it has just been streamed (from history it has no task).
        <Speak widget={widget} message={m} auto={features.autoPlay && !!m.taskId} />
      )}
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
