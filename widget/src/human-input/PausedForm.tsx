/**
 * The human-input form an answer waits on, in that answer: answering it goes through the chat, and
 * focus then moves to the composer, where the visitor reads the answer going on. Form chunk.
 */
import type { ComponentChildren } from 'preact'
import { useRef } from 'preact/hooks'
import type { ChatMessage } from '../stores/message.ts'
import type { Widget } from '../ui/widget-context.ts'
import { HumanForm } from './HumanForm.tsx'

export interface PausedFormProps {
  widget: Pick<Widget, 'view' | 'chat'>
  message: ChatMessage
  /** The app's markdown rendering of the form's text. */
  markdown(text: string): ComponentChildren
}

export function PausedForm({ widget, message, markdown }: PausedFormProps) {
  const { view, chat } = widget
  const self = useRef<HTMLDivElement>(null)
  if (!message.form) return null
  return (
    <div ref={self} class="hfw">
      <HumanForm
        form={message.form}
        lang={view.lang}
        markdown={markdown}
        submit={async (action, inputs) => {
          const root = self.current?.getRootNode() as ParentNode | undefined
          await chat.answerForm(message.id, action, inputs)
          root?.querySelector<HTMLElement>('[data-parley=input]')?.focus()
        }}
      />
    </div>
  )
}
