import type { Ref } from 'preact'
import { useState } from 'preact/hooks'
import { send, stop } from '../stores/conversation.ts'
import { $messages, isStreaming } from '../stores/messages.ts'
import { Icon } from './Icon.tsx'
import { useStore } from './use-store.ts'
import { useView } from './view.ts'

/** Enter sends, Shift+Enter adds a line; while an answer streams, the send button becomes stop. */
export function Composer({ inputRef }: { inputRef?: Ref<HTMLTextAreaElement> }) {
  const { config, t } = useView()
  const streaming = isStreaming(useStore($messages))
  const [text, setText] = useState('')
  const placeholder = config.placeholder ?? t.placeholder

  const submit = () => {
    if (send(text)) setText('')
  }
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault()
      submit()
    }
  }

  return (
    <form
      class="comp"
      onSubmit={(e) => {
        e.preventDefault()
        submit()
      }}
    >
      <textarea
        ref={inputRef}
        rows={1}
        data-parley="input"
        aria-label={placeholder}
        placeholder={placeholder}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      {streaming ? (
        <button type="button" class="send" data-parley="stop" aria-label={t.stop} onClick={stop}>
          <Icon name="stop" />
        </button>
      ) : (
        <button
          type="submit"
          class="send"
          data-parley="send"
          aria-label={t.send}
          disabled={!text.trim()}
        >
          <Icon name="send" />
        </button>
      )}
    </form>
  )
}
