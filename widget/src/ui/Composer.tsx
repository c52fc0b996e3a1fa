import { useStore } from '@nanostores/preact'
import type { RefObject } from 'preact'
import { useLayoutEffect, useRef, useState } from 'preact/hooks'
import type { Attachment } from '../stores/chat.ts'
import { Icon } from './Icon.tsx'
import { useStartForm } from './start-form.ts'
import { useChunk } from './use-chunk.ts'
import { useWidget } from './widget-context.ts'

interface ComposerProps {
  inputRef?: RefObject<HTMLTextAreaElement>
}

/**
 * Engines without `field-sizing: content` (WebKit) grow the composer by measuring instead, up to
 * the CSS max-height. Empty, it is CSS's one row (also right while the panel is hidden). The
 * stylesheet's border-box sizing makes the height the content's scrollHeight plus the borders.
 */
function fitHeight(el: HTMLTextAreaElement): void {
  if (CSS.supports('field-sizing', 'content')) return
  el.style.height = ''
  if (el.value) el.style.height = `${el.scrollHeight + el.offsetHeight - el.clientHeight}px`
}

/**
 * The composer, or what stands in for it: the sign-in prompt, or the start form while a required
 * input is missing (an optional-only form sits above it).
 */
export function Composer(props: ComposerProps) {
  const widget = useWidget()
  const signInRequired = useStore(widget.identity.$required)
  const form = useStartForm()
  const [started, setStarted] = useState(false)
  const SignIn = useChunk(widget.view.look, signInRequired)?.SignIn
  if (signInRequired) return SignIn ? <SignIn widget={widget} /> : null
  const { Form, inputs, blocking } = form ?? {}
  return (
    <>
      {Form && (
        <Form
          widget={widget}
          inputs={inputs ?? []}
          blocking={!!blocking}
          onStart={() => setStarted(true)}
        />
      )}
      {!blocking && <MessageComposer {...props} focus={started} />}
    </>
  )
}

/** Enter sends, Shift+Enter adds a line; while an answer streams, the send button becomes stop. */
function MessageComposer({ inputRef, focus }: ComposerProps & { focus: boolean }) {
  const widget = useWidget()
  const { view, chat } = widget
  const features = useStore(widget.appInfo.$appInfo).info?.features
  const Voice = useChunk(view.voice, !!features?.speechToText)?.VoiceInput
  const uploads = features?.fileUpload
  const Attach = useChunk(view.attach, !!uploads?.enabled)?.Attach
  /** What is attached: null while a file is still uploading. */
  const [files, setFiles] = useState<Attachment[] | null>([])
  /** Counts the messages sent: a new count is a new, empty set of attachments. */
  const [sent, setSent] = useState(0)
  const self = useRef<HTMLFormElement>(null)
  const ownRef = useRef<HTMLTextAreaElement>(null)
  const ref = inputRef ?? ownRef
  const streaming = useStore(chat.$streaming)
  // Read from the store when sending: a key can come before the render of the last input.
  const { $draft } = widget
  const text = useStore($draft)
  const setText = (value: string) => $draft.set(value)
  const { config, t } = view
  const placeholder = config.placeholder ?? t.placeholder
  useLayoutEffect(() => {
    if (ref.current) fitHeight(ref.current)
  }, [text])
  // Shown once the start form is complete: the visitor goes on typing here.
  useLayoutEffect(() => {
    if (focus) ref.current?.focus()
  }, [])
  const submit = () => {
    if (files && chat.send($draft.get(), files)) {
      setText('')
      setSent(sent + 1)
    }
  }
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault()
      submit()
    }
  }
  return (
    <form
      ref={self}
      class="comp"
      part="composer"
      onSubmit={(e) => {
        e.preventDefault()
        submit()
      }}
    >
      <textarea
        ref={ref}
        rows={1}
        data-parley="input"
        aria-label={placeholder}
        placeholder={placeholder}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      {Attach && uploads?.enabled && (
        <Attach
          key={sent}
          widget={widget}
          rules={uploads}
          onChange={setFiles}
          host={self.current}
        />
      )}
      {Voice && features?.speechToText && (
        <Voice
          widget={widget}
          onText={(words) => {
            const typed = $draft.get()
            setText(typed ? `${typed} ${words}` : words)
            ref.current?.focus()
          }}
        />
      )}
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
          disabled={!text.trim() || !files}
        >
          <Icon name="send" />
        </button>
      )}
    </form>
  )
}
