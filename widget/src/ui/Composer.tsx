import { useStore } from '@nanostores/preact'
import type { Ref } from 'preact'
import { useState } from 'preact/hooks'
import { Icon } from './Icon.tsx'
import { useWidget } from './widget-context.ts'

interface ComposerProps {
  inputRef?: Ref<HTMLTextAreaElement>
}

/** Enter sends, Shift+Enter adds a line; while an answer streams, the send button becomes stop. */
export function Composer({ inputRef }: ComposerProps) {
  const { view, chat } = useWidget()
  const streaming = useStore(chat.$streaming)
  const [text, setText] = useState('')
  const { config, t } = view
  const placeholder = config.placeholder ?? t.placeholder
  const submit = () => {
    if (chat.send(text)) setText('')
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
        <button
          type="button"
          class="send"
          data-parley="stop"
          aria-label={t.stop}
          onClick={chat.stop}
        >
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
