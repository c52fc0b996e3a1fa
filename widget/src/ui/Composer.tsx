import type { Ref } from 'preact'
import { send, stop } from '../stores/conversation.ts'
import { $messages, isStreaming } from '../stores/messages.ts'
import { Connected } from './connected.ts'
import { Icon } from './Icon.tsx'
import { useView } from './view.ts'

interface ComposerProps {
  inputRef?: Ref<HTMLTextAreaElement>
}

/** Enter sends, Shift+Enter adds a line; while an answer streams, the send button becomes stop. */
export class Composer extends Connected<ComposerProps, { text: string }> {
  stores = [$messages]
  override state = { text: '' }

  override render({ inputRef }: ComposerProps, { text }: { text: string }) {
    const { config, t } = useView()
    const streaming = isStreaming($messages.get())
    const placeholder = config.placeholder ?? t.placeholder
    const setText = (value: string) => this.setState({ text: value })
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
}
